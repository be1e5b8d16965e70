import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { sfnExecutions } from '../../../lambda/shared/sfn-executions';

const sfn = new SFNClient({ region: 'eu-central-1' });
const mock = mockClient(sfn);
const machine = 'arn:aws:states:eu-central-1:111122223333:stateMachine:steward-eu-tenant-export';

beforeEach(() => mock.reset());

describe('sfnExecutions', () => {
  test('a second start of the same name is the first execution, not an error and not a new one', async () => {
    mock.on(StartExecutionCommand).resolvesOnce({ executionArn: 'arn:1' })
      .rejectsOnce(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const executions = sfnExecutions(sfn, machine);
    expect(await executions.start('export-acme-req-00001', { a: 1 })).toEqual({ executionArn: 'arn:1', alreadyStarted: false });
    expect(await executions.start('export-acme-req-00001', { a: 1 })).toEqual({
      executionArn: 'arn:aws:states:eu-central-1:111122223333:execution:steward-eu-tenant-export:export-acme-req-00001',
      alreadyStarted: true,
    });
    expect(mock.commandCalls(StartExecutionCommand)[0].args[0].input).toMatchObject({
      stateMachineArn: machine,
      name: 'export-acme-req-00001',
      input: '{"a":1}',
    });
  });

  test('describe answers the status and parsed output, and undefined for an unknown execution', async () => {
    mock.on(DescribeExecutionCommand).resolvesOnce({ status: 'SUCCEEDED', output: '{"key":"k"}' } as never)
      .rejectsOnce(new ExecutionDoesNotExist({ message: 'none', $metadata: {} }));
    const executions = sfnExecutions(sfn, machine);
    expect(await executions.describe('export-acme-req-00001')).toEqual({ status: 'SUCCEEDED', output: { key: 'k' }, error: undefined });
    expect(await executions.describe('export-acme-nope-0001')).toBeUndefined();
  });
});
