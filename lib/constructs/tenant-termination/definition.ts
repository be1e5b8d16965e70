import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { ERROR_NAME, PURGE_SHARD_RESULT_FIELDS } from '../../vocabulary';
import type { HandlerFunction } from '../handler-function';
import { NO_RETRY_ON_INPUT_ERROR, STEP_RETRY, THROTTLE_RETRY } from '../step-retries';
import type { TerminationStepFunctions } from './steps';

/**
 * The termination state machine's definition: Plan, ShredTenantKey, PlanPurge, the purge fan-out
 * (a Distributed Map over bucket copy x shard, after which the sealed shards leave the state),
 * one loop per table and user pool, Verify,
 * WriteReceipt, and a Fail state when the verification still finds tenant data. A step that
 * still fails after its retries takes the failure path, which leaves a receipt. States are
 * created in `scope` (the workflow), so their names stay those of the deployed definition.
 */
export function terminationDefinition(scope: Construct, steps: TerminationStepFunctions, purgeConcurrency: number): sfn.IChainable {
  const invoke = (id: string, fn: HandlerFunction, payload: sfn.TaskInput, resultPath: string) => {
    const task = new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn.function,
      payload,
      payloadResponseOnly: true,
      resultPath,
      retryOnServiceExceptions: true,
    });
    task.addRetry(NO_RETRY_ON_INPUT_ERROR);
    // Throttling slows a run, never fails it: concurrent terminations share the functions'
    // reserved concurrency, so a throttled invocation waits (up to 5 min between attempts, about 3 h in all).
    task.addRetry(THROTTLE_RETRY);
    task.addRetry(STEP_RETRY);
    return task;
  };
  /**
   * A per-store loop: invoke the step until it reports `done`, passing its own output back in.
   * With `resultFields`, the loop ends in a Pass state of those fields of the last output, which
   * is then all the loop returns.
   */
  const loop = (id: string, fn: HandlerFunction, resultFields?: readonly string[]) => {
    const slice = invoke(`${id}Slice`, fn, sfn.TaskInput.fromJsonPathAt('$'), '$');
    const finished = resultFields
      ? new sfn.Pass(scope, `${id}Finished`, {
          parameters: Object.fromEntries(resultFields.map((field) => [`${field}.$`, `$.${field}`])),
        })
      : new sfn.Succeed(scope, `${id}Finished`);
    return slice.next(new sfn.Choice(scope, `${id}Done`)
      .when(sfn.Condition.booleanEquals('$.done', true), finished)
      .otherwise(slice));
  };
  const perStore = (id: string, itemsPath: string, resultPath: string, fn: HandlerFunction) =>
    new sfn.Map(scope, id, {
      itemsPath,
      maxConcurrency: 4,
      resultPath,
      itemSelector: {
        'tenantId.$': '$.plan.tenantId',
        'dryRun.$': '$.plan.dryRun',
        'target.$': '$$.Map.Item.Value',
      },
    }).itemProcessor(loop(id, fn));

  const planPurge = invoke('PlanPurge', steps['plan-purge'], sfn.TaskInput.fromObject({
    tenantId: sfn.JsonPath.stringAt('$.plan.tenantId'),
    dryRun: sfn.JsonPath.objectAt('$.plan.dryRun'),
    buckets: sfn.JsonPath.objectAt('$.plan.buckets'),
  }), '$.purgePlan');
  // Each shard of each bucket copy is a child execution with its own history: no execution
  // nears the 25,000-event limit however many versions the tenant has. A child returns only what
  // the receipt reads of it, since every child's result lands in the one 256 KiB state.
  const purgeBuckets = new sfn.DistributedMap(scope, 'PurgeBuckets', {
    itemsPath: '$.purgePlan.shards',
    maxConcurrency: purgeConcurrency,
    resultPath: '$.buckets',
    mapExecutionType: sfn.StateMachineType.STANDARD,
    toleratedFailurePercentage: 0,
  }).itemProcessor(loop('PurgeBuckets', steps['purge-bucket'], PURGE_SHARD_RESULT_FIELDS));
  // No later step reads the sealed shards, the largest part of the state: the rest of the run,
  // and the failure path when the fan-out fails, carry only the walk's request count instead.
  const forgetShards = (id: string) => new sfn.Pass(scope, id, {
    parameters: { 'walkRequests.$': '$.purgePlan.walkRequests' },
    resultPath: '$.purgePlan',
  });
  const plan = invoke('Plan', steps.plan, sfn.TaskInput.fromObject({
    input: sfn.JsonPath.objectAt('$'),
    executionName: sfn.JsonPath.stringAt('$$.Execution.Name'),
  }), '$.plan');
  const shred = invoke('ShredTenantKey', steps['shred-key'], sfn.TaskInput.fromJsonPathAt('$.plan'), '$.key');
  const verify = invoke('Verify', steps.verify, sfn.TaskInput.fromObject({
    plan: sfn.JsonPath.objectAt('$.plan'),
  }), '$.verification');
  const receipt = invoke('WriteReceipt', steps.receipt, sfn.TaskInput.fromJsonPathAt('$'), '$.receipt');

  const onFailure = failurePath(scope, invoke, steps);
  const outcome = new sfn.Choice(scope, 'Verified')
    .when(
      sfn.Condition.or(sfn.Condition.booleanEquals('$.receipt.verified', true), sfn.Condition.booleanEquals('$.receipt.dryRun', true)),
      new sfn.Succeed(scope, 'Terminated', { outputPath: '$.receipt' }),
    )
    .otherwise(
      new sfn.Fail(scope, 'TenantDataRemains', {
        error: ERROR_NAME.terminationNotVerified,
        cause: 'Data of the tenant remains after the purge; the receipt in the audit bucket lists where. Start a new execution to retry.',
      }),
    );
  return plan
    .next(onFailure(shred))
    .next(onFailure(planPurge))
    .next(onFailure(purgeBuckets, forgetShards('ForgetPurgeShardsOnFailure')))
    .next(forgetShards('ForgetPurgeShards'))
    .next(onFailure(perStore('PurgeTables', '$.plan.tables', '$.tables', steps['purge-table'])))
    .next(onFailure(perStore('DeleteUsers', '$.plan.userPools', '$.users', steps['delete-users'])))
    .next(onFailure(verify))
    .next(receipt)
    .next(outcome);
}

type Invoke = (id: string, fn: HandlerFunction, payload: sfn.TaskInput, resultPath: string) => tasks.LambdaInvoke;

/**
 * The failure path: a step that still fails after its retries leaves a receipt saying what was
 * done (the state so far), the error, and what a fresh verification finds left; then the run
 * fails, which raises the alarm. An operator resumes by starting a new execution. Returns what
 * routes a state's failures there, through `first` when given.
 */
function failurePath(
  scope: Construct,
  invoke: Invoke,
  steps: TerminationStepFunctions,
): <T extends sfn.TaskStateBase | sfn.Map | sfn.DistributedMap>(state: T, first?: sfn.Pass) => T {
  const describeFailure = new sfn.Pass(scope, 'DescribeFailure', {
    parameters: { 'error.$': '$.caught.Error', 'cause.$': '$.caught.Cause' },
    resultPath: '$.failure',
  });
  const verifyAfterFailure = invoke('VerifyAfterFailure', steps.verify, sfn.TaskInput.fromObject({
    plan: sfn.JsonPath.objectAt('$.plan'),
  }), '$.verification');
  const failureReceipt = invoke('WriteFailureReceipt', steps.receipt, sfn.TaskInput.fromJsonPathAt('$'), '$.receipt');
  verifyAfterFailure.addCatch(failureReceipt, { resultPath: '$.verificationFailure' });
  describeFailure
    .next(verifyAfterFailure)
    .next(failureReceipt)
    .next(
      new sfn.Fail(scope, 'TerminationFailed', {
        error: 'TerminationFailed',
        cause:
          'A step failed after its retries; the failure receipt in the audit bucket says what was done and what is left. Start a ' +
          'new execution to resume.',
      }),
    );
  return (state, first) => {
    state.addCatch(first ? first.next(describeFailure) : describeFailure, { resultPath: '$.caught' });
    return state;
  };
}
