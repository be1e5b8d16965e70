import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { type Construct } from 'constructs';
import { suppressWildcards } from '../../nag/suppressions';
import { HandlerFunction } from '../handler-function';
import { WorkflowHistoryKey } from '../workflow-history-key';
import type { TenantTerminationWorkflowProps } from './props';
import { ENV } from '../../vocabulary';

/**
 * The function that starts a termination when the registry stream shows a tenant marked
 * `terminated`: the event source mapping filters on the new image, so other writes never invoke
 * it. Created in `scope` (the workflow), so its construct id and logical ids stay as deployed.
 */
export function createTerminationTrigger(
  scope: Construct,
  stateMachine: sfn.StateMachine,
  props: Pick<TenantTerminationWorkflowProps, 'registry' | 'logKey'>,
): HandlerFunction {
  const trigger = new HandlerFunction(scope, 'trigger', {
    handler: 'termination-trigger',
    description: 'Starts the termination workflow when a tenant is marked terminated',
    logKey: props.logKey,
    timeout: Duration.seconds(30),
    environment: { [ENV.stateMachineArn]: stateMachine.stateMachineArn },
  });
  const allow = (sid: string, actions: string[], resources: string[]) =>
    trigger.allow(new iam.PolicyStatement({ sid, actions, resources }));
  allow('StartTerminations', ['states:StartExecution'], [stateMachine.stateMachineArn]);
  // The history is under a customer-managed key: Step Functions encrypts a new execution's input
  // with the caller's own permissions on it (kms:GenerateDataKey and kms:Decrypt), under the
  // state machine's encryption context only.
  trigger.allow(new WorkflowHistoryKey(scope, props.logKey, stateMachine.stateMachineArn).callerStatement());
  const streamArn = props.registry.table.tableStreamArn;
  if (!streamArn) {
    throw new Error(`${scope.node.path}: registry: the tenant-registry table needs a NEW_IMAGE stream to start terminations`);
  }
  allow('ReadRegistryStream', ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], [streamArn]);
  // ListStreams has no resource type: IAM matches it only against "*" (a table ARN never matches).
  allow('ListRegistryStreams', ['dynamodb:ListStreams'], ['*']);
  suppressWildcards(trigger.policy, 'listStreamsHasNoResource', ['*']);
  trigger.useKey(props.registry.encryptionKey, 'read');
  trigger.function.addEventSourceMapping('RegistryMarkedTerminated', {
    eventSourceArn: streamArn,
    startingPosition: lambda.StartingPosition.LATEST,
    batchSize: 10,
    retryAttempts: 10,
    bisectBatchOnError: true,
    // The handler answers which records failed: a failed start is retried, the others are not.
    reportBatchItemFailures: true,
    // A batch given up on lands here (the stack's encrypted dead-letter queue, which the trigger
    // may already write to) and raises the TriggerDropped alarm instead of vanishing.
    onFailure: new SqsDlq(trigger.function.deadLetterQueue!),
    filters: [lambda.FilterCriteria.filter({ dynamodb: { NewImage: { status: { S: lambda.FilterRule.isEqual('terminated') } } } })],
  });
  return trigger;
}
