import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';

// The class-level mock reaches the client the adapter creates when it is loaded.
const sfn = mockClient(SFNClient);
// Quiet: the adapter's log lines are not what these tests read.
Object.assign(process.env, {
  STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:111122223333:stateMachine:terminate',
  AWS_REGION: 'eu-central-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
const { handler } =
  require('../../../lambda/termination-trigger/handler') as typeof import('../../../lambda/termination-trigger/handler');

const record = (tenantId: string, sequence: string) => ({
  eventName: 'MODIFY',
  dynamodb: { SequenceNumber: sequence, NewImage: { tenantId: { S: tenantId }, status: { S: 'terminated' } } },
});

beforeEach(() => sfn.reset());

describe('the termination trigger adapter (partial batch failures)', () => {
  test('a start that fails is reported alone; the records around it are started', async () => {
    sfn.on(StartExecutionCommand).resolves({});
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    sfn.on(StartExecutionCommand, { name: 'terminate-beta' }).rejects(denied);
    const response = await handler({ Records: [record('acme', '1'), record('beta', '2'), record('gamma', '3')] });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name)).toEqual([
      'terminate-acme', 'terminate-beta', 'terminate-gamma',
    ]);
  });

  test('a batch whose every record fails throws, so the event source retries it whole', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(handler({ Records: [record('acme', '1')] })).rejects.toThrow(/All records failed/);
  });

  test('an empty batch and skipped records report no failure', async () => {
    await expect(handler({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
    await expect(handler({ Records: [record('../x', '1')] })).resolves.toEqual({ batchItemFailures: [] });
    expect(sfn.calls()).toHaveLength(0);
  });
});
