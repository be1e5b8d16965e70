import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { suppressWildcards } from '../nag/suppressions';
import type { HandlerFunction } from './handler-function';
import { deliverLogsAndTracesStatement } from './state-machine-statements';
import { NO_RETRY_ON_INPUT_ERROR, STEP_RETRY } from './step-retries';
import { WorkflowHistoryKey } from './workflow-history-key';
import { ENV } from '../vocabulary';

export interface CheckpointedWorkflowProps {
  /** The handler that runs every step, chosen by the payload's `step`: `begin`, `continue`, `finish`, `fail`. */
  readonly handler: HandlerFunction;
  /** Key of the execution log group and the execution history (operational logs class). */
  readonly logKey: kms.IKey;
  /** Fixed name, so the handler can derive the state machine's ARN without referencing it (it is invoked by it). */
  readonly stateMachineName: string;
  /** What the workflow is for, with its promise id. */
  readonly comment: string;
}

/**
 * A resumable data-rights workflow (Step Functions Standard): `begin` turns the request into a
 * checkpoint, `continue` is invoked with the last checkpoint until it reports `done`, `finish`
 * produces the result. A failed invocation is retried with its unchanged input, i.e. from the
 * last checkpoint; when retries run out, `fail` undoes what must not stay (an unfinished archive)
 * and audits the failure. The execution logs carry no execution data: states hold checkpoints,
 * never a data subject's identifiers, but errors are not trusted to.
 */
export class CheckpointedWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** The ARN built from the fixed name, for the handler's environment and policy. */
  readonly stateMachineArn: string;
  /** Executions of this state machine, for `states:DescribeExecution`. */
  readonly executionArns: string;

  constructor(scope: Construct, id: string, props: CheckpointedWorkflowProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(props.stateMachineName)) {
      throw new Error(`${this.node.path}: stateMachineName: '${props.stateMachineName}' must be 1..80 of [A-Za-z0-9_-]`);
    }
    const fn = props.handler.function;
    const invoke = (name: string, payload: Record<string, unknown>, resultPath: string) => {
      const task = new tasks.LambdaInvoke(this, name, {
        lambdaFunction: fn,
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        resultPath,
        retryOnServiceExceptions: true,
      });
      // A crash, a throttle or a timeout is retried from the checkpoint.
      task.addRetry(NO_RETRY_ON_INPUT_ERROR);
      task.addRetry(STEP_RETRY);
      return task;
    };
    const failed = invoke(
      'Fail',
      {
        step: 'fail',
        input: sfn.JsonPath.objectAt('$.input'),
        state: sfn.JsonPath.objectAt('$.state'),
        error: sfn.JsonPath.objectAt('$.error'),
      },
      '$.failure',
    ).next(new sfn.Fail(this, 'Failed', { error: 'DataRightsRequestFailed', cause: 'See the audit record of the request.' }));
    const begin = invoke('Begin', { step: 'begin', input: sfn.JsonPath.objectAt('$.input') }, '$.state');
    const step = invoke('Continue', { step: 'continue', state: sfn.JsonPath.objectAt('$.state') }, '$.state');
    const finish = invoke('Finish', { step: 'finish', state: sfn.JsonPath.objectAt('$.state') }, '$.result');
    for (const task of [begin, step, finish]) task.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    const done = new sfn.Choice(this, 'Done')
      .when(sfn.Condition.booleanEquals('$.state.done', true), finish.next(new sfn.Succeed(this, 'Succeeded', { outputPath: '$.result' })))
      .otherwise(step);
    step.next(done);
    // `state` starts empty, so the failure path has a checkpoint to read even when `begin` failed.
    const definition = new sfn.Pass(this, 'Checkpoint', { parameters: { 'input.$': '$', state: {} } }).next(begin).next(done);

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      encryptionKey: props.logKey, retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachineArn = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:stateMachine:${props.stateMachineName}`;
    this.executionArns = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${props.stateMachineName}:*`;
    const historyKey = new WorkflowHistoryKey(this, props.logKey, this.stateMachineArn);
    const role = new iam.Role(this, 'StateMachineRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: props.comment,
    });
    const policy = new iam.ManagedPolicy(this, 'StateMachinePolicy', {
      description: `Invokes the steps of ${props.stateMachineName}, writes execution logs and traces`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'InvokeSteps', actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
        deliverLogsAndTracesStatement(),
        ...historyKey.stateMachineStatements(),
      ],
    });
    suppressWildcards(policy, 'stateMachineLogsAndTracing', ['*']);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      role: role.withoutPolicyUpdates(),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      encryptionConfiguration: historyKey.encryption(),
      comment: props.comment,
    });
    this.stateMachine.node.addDependency(policy);
    props.handler.allow(
      new iam.PolicyStatement({ sid: 'StartOwnWorkflow', actions: ['states:StartExecution'], resources: [this.stateMachineArn] }),
      new iam.PolicyStatement({ sid: 'ReadOwnExecutions', actions: ['states:DescribeExecution'], resources: [this.executionArns] }),
      historyKey.callerStatement(),
    );
    props.handler.function.addEnvironment(ENV.stateMachineArn, this.stateMachineArn);
    suppressWildcards(props.handler.policy, 'ownWorkflowExecutions', [this.executionArns]);
  }
}
