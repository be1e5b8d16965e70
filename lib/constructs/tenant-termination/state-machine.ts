import { ArnFormat, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { suppress, suppressWildcards } from '../../nag/suppressions';
import { deliverLogsAndTracesStatement } from '../state-machine-statements';
import { WorkflowHistoryKey } from '../workflow-history-key';
import { terminationDefinition } from './definition';
import type { ResolvedTerminationProps } from './props';
import type { TerminationStepFunctions } from './steps';

/**
 * The Standard state machine that runs the steps, traced, logging its failures into a log group
 * under the log key, its execution history under the same key (WorkflowHistoryKey). CDK's
 * automatic grants would land in an inline policy; the role gets managed policies stating the
 * same, and the state machine sees a view of the role that ignores grants. Created in `scope` (the
 * workflow), so construct ids and logical ids stay as deployed.
 */
export function createTerminationStateMachine(
  scope: Construct,
  steps: TerminationStepFunctions,
  props: Pick<ResolvedTerminationProps, 'logKey' | 'runTimeout' | 'purgeConcurrency'>,
): sfn.StateMachine {
  const logGroup = new logs.LogGroup(scope, 'ExecutionLogs', {
    encryptionKey: props.logKey,
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // The key is bound to the state machine's ARN, which exists only with the state machine: its name
  // is generated (naming it now would replace it, and with it any termination under way).
  const historyKey = new WorkflowHistoryKey(scope, props.logKey, Lazy.string({ produce: (): string => stateMachine.stateMachineArn }));
  const role = new iam.Role(scope, 'StateMachineRole', {
    assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
    description: 'Runs the tenant termination workflow',
  });
  const policy = new iam.ManagedPolicy(scope, 'StateMachinePolicy', {
    description: 'Invokes the termination steps, writes execution logs and traces',
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'InvokeSteps',
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(steps).map((fn) => fn.function.functionArn),
      }),
      deliverLogsAndTracesStatement(),
    ],
  });
  suppressWildcards(policy, 'stateMachineLogsAndTracing', ['*']);
  const stateMachine: sfn.StateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(terminationDefinition(scope, steps, props.purgeConcurrency)),
    stateMachineType: sfn.StateMachineType.STANDARD,
    role: role.withoutPolicyUpdates(),
    tracingEnabled: true,
    timeout: props.runTimeout,
    // What an operator acts on: every failure (of the run, a task, a Lambda invocation, the
    // fan-out's map run) with its error and cause, and no execution data. Progress and success
    // are in the execution history and the receipt; every event of every slice of every child
    // would be noise kept for 30 days. Step errors name keys only by hash, and the states hold
    // no object key anyway (checkpoints are sealed).
    logs: { destination: logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false },
    encryptionConfiguration: historyKey.encryption(),
    comment: 'P-DELETE-ON-TERMINATION: deletes every copy of a terminated tenant and writes a receipt',
  });
  stateMachine.node.addDependency(policy);
  // CDK gives a Distributed Map's role an inline policy of its own; the managed one below states the same.
  stateMachine.node.tryRemoveChild('DistributedMapPolicy');
  allowDistributedMap(scope, role, stateMachine);
  allowHistoryKey(scope, role, historyKey);
  suppress(stateMachine, [{ rule: 'AwsSolutions-SF1', reason: 'terminationLogsFailuresOnly' }]);
  return stateMachine;
}

/**
 * What the state machine's role needs of the history key: its own executions' history (the
 * fan-out's children are executions of the same state machine) and the deliveries of its logs.
 * A policy of its own that the state machine does not depend on, since it names the state machine:
 * Step Functions uses the key as the role only when an execution runs, while creating or updating
 * the state machine uses it as the caller (CloudFormation).
 */
function allowHistoryKey(scope: Construct, role: iam.IRole, historyKey: WorkflowHistoryKey): void {
  new iam.ManagedPolicy(scope, 'HistoryKeyPolicy', {
    description: "Uses the history key for the termination state machine's executions and its log deliveries",
    roles: [role],
    statements: historyKey.stateMachineStatements(),
  });
}

/**
 * What a Distributed Map needs of its state machine's role: start child executions of the state
 * machine itself, watch and stop them. A policy of its own that the state machine does not depend
 * on (the children start only at run time), so its reference to the state machine makes no cycle.
 */
function allowDistributedMap(scope: Construct, role: iam.IRole, stateMachine: sfn.StateMachine): void {
  const executions = Stack.of(scope).formatArn({
    service: 'states', resource: 'execution', resourceName: `${stateMachine.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const policy = new iam.ManagedPolicy(scope, 'DistributedMapPolicy', {
    description: "Starts, watches and stops the purge fan-out's child executions",
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'StartChildExecutions',
        actions: ['states:StartExecution'],
        resources: [stateMachine.stateMachineArn],
      }),
      new iam.PolicyStatement({
        sid: 'WatchChildExecutions',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [executions],
      }),
    ],
  });
  suppressWildcards(policy, 'distributedMapChildExecutions', [executions]);
}
