import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CheckpointedWorkflow } from '../../lib/constructs/checkpointed-workflow';
import { HandlerFunction } from '../../lib/constructs/handler-function';
import { newTestApp } from '../support/app';

describe('CheckpointedWorkflow', () => {
  test('refuses a state machine name Step Functions would refuse, naming the construct path and the prop', () => {
    const stack = new Stack(newTestApp(), 'S', { env: { region: 'eu-central-1' } });
    const logKey = new kms.Key(stack, 'LogKey');
    const handler = new HandlerFunction(stack, 'Fn', { handler: 'tenant-export', description: 'test', logKey });
    const build = (stateMachineName: string) => () =>
      new CheckpointedWorkflow(stack, `Workflow-${stateMachineName.length}`, { handler, logKey, stateMachineName, comment: 'test' });
    expect(build('has spaces')).toThrow(/^S\/Workflow-10: stateMachineName: 'has spaces' must be 1\.\.80 of/);
    expect(build('a'.repeat(81))).toThrow(/^S\/Workflow-81: stateMachineName: /);
    expect(build('steward-eu-tenant-export')).not.toThrow();
  });
});
