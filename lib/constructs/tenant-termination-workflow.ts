import { Duration } from 'aws-cdk-lib';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { declareDeletionCoverage } from '../nag/conventions';
import { isWithin, LIMITS, rangeText, TERMINATION_STATE_BYTES, terminationStateBytes, type TerminationStoreCounts } from '../vocabulary';
import type { HandlerFunction } from './handler-function';
import { TerminationAlarms } from './termination-alarms';
import type { ResolvedTerminationProps, TenantTerminationWorkflowProps } from './tenant-termination/props';
import { createTerminationStateMachine } from './tenant-termination/state-machine';
import { createTerminationSteps, type TerminationStepFunctions } from './tenant-termination/steps';
import { createTerminationTrigger } from './tenant-termination/trigger';

export type { TenantTerminationWorkflowProps, TerminationBucket, TerminationTable } from './tenant-termination/props';
export type { TerminationStepFunctions } from './tenant-termination/steps';

/**
 * P-DELETE-ON-TERMINATION: a Step Functions workflow that crypto-shreds a terminated tenant's
 * key, deletes every object version, delete marker and unfinished upload under its prefix in
 * every bucket of both regions, its table items and its portal users, proves by listing again
 * that nothing remains and writes a receipt. Each step does bounded work and returns a
 * checkpoint the state machine loops on, so no step nears the Lambda time limit and a failed
 * invocation is retried from the last checkpoint. A DynamoDB stream on the registry starts it
 * when a tenant is marked terminated; operators can start it by hand.
 */
export class TenantTerminationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** Starts executions from the registry stream. */
  readonly trigger: HandlerFunction;
  /** The functions of the steps, by step name. */
  readonly steps: TerminationStepFunctions;
  /** Alarms on failed, timed-out or aborted runs and on events the trigger dropped, to an encrypted topic. */
  readonly alarms: TerminationAlarms;
  /** Child executions of the purge fan-out at once. */
  readonly purgeConcurrency: number;
  /** The stores whose plan entries and results the workflow's state holds, which bound its shards per bucket copy. */
  readonly stores: TerminationStoreCounts;

  constructor(scope: Construct, id: string, props: TenantTerminationWorkflowProps) {
    super(scope, id);
    const resolved: ResolvedTerminationProps = {
      ...props,
      runTimeout: props.runTimeout ?? Duration.days(3),
      purgeConcurrency: props.purgeConcurrency ?? 8,
      shardsPerBucket: props.shardsPerBucket ?? 8,
    };
    this.stores = {
      bucketCopies: props.buckets.length + props.buckets.filter((b) => b.dataClass.replicated).length,
      tables: props.tables.length,
      userPools: props.userPools?.length ?? 0,
    };
    this.validate(resolved);
    this.purgeConcurrency = resolved.purgeConcurrency;
    // The parts are created in this construct, not in children of their own, so every construct
    // id and logical id stays what it was when one constructor built them all (renaming a
    // resource would replace it).
    this.steps = createTerminationSteps(this, resolved);
    this.stateMachine = createTerminationStateMachine(this, this.steps, resolved);
    this.trigger = createTerminationTrigger(this, this.stateMachine, resolved);
    this.alarms = new TerminationAlarms(this, 'Alarms', {
      stateMachine: this.stateMachine,
      deadLetterQueue: this.trigger.function.deadLetterQueue!,
    });

    for (const b of props.buckets) declareDeletionCoverage(b.bucket);
    for (const replica of props.replicaBucketScopes ?? []) declareDeletionCoverage(replica);
    for (const t of [...props.tables, props.registry]) declareDeletionCoverage(t.table);
    for (const p of props.userPools ?? []) declareDeletionCoverage(p);
  }

  private validate(props: ResolvedTerminationProps): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const days = props.keyDeletionWindowDays;
    const window = LIMITS.keyDeletionWindowDays;
    if (!isWithin(days, window)) fail(`keyDeletionWindowDays: ${days} must be a whole number of days from ${window.min} to ${window.max}`);
    const pitr = props.pitrRecoveryDays;
    if (!Number.isInteger(pitr) || pitr < 1 || pitr > 35) fail(`pitrRecoveryDays: ${pitr} must be a whole number of days from 1 to 35`);
    const fanOut = props.purgeConcurrency;
    if (!isWithin(fanOut, LIMITS.purgeConcurrency)) {
      const range = rangeText(LIMITS.purgeConcurrency);
      fail(`purgeConcurrency: ${fanOut} must be ${range} child executions (the purge function reserves 4x that, at most 100)`);
    }
    const shards = props.shardsPerBucket;
    if (!isWithin(shards, LIMITS.shardsPerBucket)) {
      fail(`shardsPerBucket: ${shards} must be ${rangeText(LIMITS.shardsPerBucket)}, a whole number of child executions per bucket copy`);
    }
    // A run whose state outgrows the quota fails with States.DataLimitExceeded, on the failure
    // path too, where it would leave no receipt: refused here, while the stores are known.
    const limit = TERMINATION_STATE_BYTES.limit;
    if (terminationStateBytes(this.stores, shards) > limit) {
      let fit = shards;
      while (fit > 0 && terminationStateBytes(this.stores, fit) > limit) fit--;
      const kb = (bytes: number) => Math.ceil(bytes / 1000);
      fail(
        `shardsPerBucket: ${shards} x ${this.stores.bucketCopies} bucket copies would put about ` +
          `${kb(terminationStateBytes(this.stores, shards))} KB in the workflow's 256 KiB state; ` +
          (fit > 0 ? `at most ${fit} fit` : 'not even 1 fits: the workflow covers too many stores'),
      );
    }
    // The configuration's range; a Duration need not be whole hours (90 minutes is fine).
    const hours = props.runTimeout.toHours({ integral: false });
    const run = LIMITS.runTimeoutHours;
    if (!(hours >= run.min && hours <= run.max)) {
      fail(
        `runTimeout: ${hours} hours must be ${rangeText(run)} hours (a throttled step is retried for about 3 hours; ` +
          'a Standard workflow runs a year at most)',
      );
    }
    for (const b of props.buckets) {
      if (!b.dataClass.tenantData) fail(`buckets: '${b.dataClass.id}' holds no tenant data and is not the workflow's to purge`);
    }
    for (const t of props.tables) {
      if (!t.dataClass.tenantData) fail(`tables: '${t.dataClass.id}' holds no tenant data`);
    }
    if (props.registry.dataClass.id !== 'tenant-registry') {
      fail(`registry: expected the tenant-registry table, got '${props.registry.dataClass.id}'`);
    }
  }
}
