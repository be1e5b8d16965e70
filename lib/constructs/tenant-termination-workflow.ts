import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { SUPPRESSION_REASON, type SuppressionReasonKey } from '../nag/suppression-reasons';
import { Construct, type IConstruct } from 'constructs';
import type { DataClass } from '../inventory/data-classes';
import { declareDeletionCoverage } from '../nag/conventions';
import { HandlerFunction } from './handler-function';
import { TerminationAlarms } from './termination-alarms';
import { SESSION_TENANT, TenantSessionRole } from './tenant-session-role';
import { dataBucketArn, dataBucketName, type StoreNaming } from './naming';
import {
  ENV,
  ERROR_NAME,
  LIMITS,
  TAG,
  TAG_VALUE,
  isWithin,
  tenantKeyAliasPrefix,
  type StoreCatalog,
} from '../vocabulary';

/** A tenant-data bucket of the primary region. */
export interface TerminationBucket {
  /** The bucket; its `tenants/<tenantId>/` prefix is purged. */
  readonly bucket: s3.IBucket;
  /** Its data class: replicated classes also have a replica bucket, addressed by name. */
  readonly dataClass: DataClass;
}

/** A tenant-data table partitioned by `tenantId`. */
export interface TerminationTable {
  readonly table: dynamodb.TableV2;
  /** Key that encrypts the table in the primary region; Query and BatchWriteItem need it. */
  readonly encryptionKey: kms.IKey;
  readonly dataClass: DataClass;
  /**
   * Sort key attribute.
   * @default none
   */
  readonly sortKey?: string;
}

export interface TenantTerminationWorkflowProps {
  /** App and jurisdiction names; replica bucket names and the tenant key aliases derive from them. */
  readonly naming: StoreNaming;
  /** Region of the replicas; the workflow deletes there too (version deletes do not replicate). */
  readonly replicaRegion: string;
  /** Tenant-data buckets of the primary region. */
  readonly buckets: readonly TerminationBucket[];
  /**
   * The replica buckets' constructs (in the replica stack), tagged as covered by the workflow;
   * they are addressed by their derived names, never by cross-region reference.
   * @default none
   */
  readonly replicaBucketScopes?: readonly IConstruct[];
  /** Tenant-data tables other than the registry. */
  readonly tables: readonly TerminationTable[];
  /** The tenant registry: read to refuse active tenants, its entry removed last, its stream starts runs. */
  readonly registry: TerminationTable;
  /**
   * Portal user pools whose users carrying `custom:tenantId` (and members of the group `tenant-<tenantId>`) are deleted.
   * @default none
   */
  readonly userPools?: readonly cognito.IUserPool[];
  /** Bucket that receives the termination receipts, under `terminations/`. */
  readonly receiptBucket: s3.IBucket;
  /** Key of the receipt bucket. */
  readonly receiptKey: kms.IKey;
  /**
   * Key of the workflow's and functions' log groups; it also seals the purge's shard bounds and
   * checkpoints (object keys) in the execution history, under the encryption context purpose
   * `termination-checkpoint`.
   */
  readonly logKey: kms.IKey;
  /** Days between disabling a tenant key and its deletion, 7..30. */
  readonly keyDeletionWindowDays: number;
  /** Days the tables' point-in-time recovery keeps deleted items restorable, 1..35; the receipt states when that ends. */
  readonly pitrRecoveryDays: number;
  /**
   * Longest a termination may run; a run still going then times out, which raises the alarm, so a
   * stuck termination is noticed.
   * @default Duration.days(3)
   */
  readonly runTimeout?: Duration;
  /**
   * Child executions of the purge fan-out (Distributed Map over bucket copy x shard) running at once.
   * @default 8
   */
  readonly purgeConcurrency?: number;
  /**
   * Shards each bucket copy's tenant prefix is split into at sub-prefix boundaries, each its own child execution.
   * @default 8
   */
  readonly shardsPerBucket?: number;
}

/**
 * Listing pages (up to 1000 versions each) one purge invocation handles before it checkpoints;
 * a slice also stops a minute before its Lambda timeout. One child execution of the fan-out then
 * holds about 640 million versions within the 25,000-event history limit.
 */
const PAGES_PER_INVOCATION = 200;

/**
 * Steps that list or verify the replica region's copies, which no endpoint of the primary
 * region's VPC reaches (purge-bucket deletes them); every other step runs in the VPC.
 */
const REPLICA_REGION_STEPS = new Set(['plan-purge', 'verify']);

/**
 * The retry of a throttled Lambda invocation: deterministic (no jitter), so its total wait is
 * known: 10 s doubling to a cap of 5 min, 40 attempts, about 3 hours.
 */
export const THROTTLE_RETRY: sfn.RetryProps = {
  errors: ['Lambda.TooManyRequestsException'],
  interval: Duration.seconds(10),
  backoffRate: 2,
  maxDelay: Duration.minutes(5),
  maxAttempts: 40,
  jitterStrategy: sfn.JitterType.NONE,
};

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
  readonly steps: Readonly<Record<string, HandlerFunction>>;
  /** Alarms on failed, timed-out or aborted runs and on events the trigger dropped, to an encrypted topic. */
  readonly alarms: TerminationAlarms;
  /** Child executions of the purge fan-out at once. */
  readonly purgeConcurrency: number;

  constructor(scope: Construct, id: string, props: TenantTerminationWorkflowProps) {
    super(scope, id);
    validateProps(props);
    this.purgeConcurrency = props.purgeConcurrency ?? 8;
    const stack = Stack.of(this);
    const { naming } = props;
    const region = stack.region;
    const aliasPrefix = tenantKeyAliasPrefix(naming.appName, naming.jurisdictionId);
    const tenantKeyArns = `arn:${Aws.PARTITION}:kms:${region}:${Aws.ACCOUNT_ID}:key/*`;

    const replicated = props.buckets.filter((b) => b.dataClass.replicated);
    // Object- and bucket-level grants name each declared bucket (by its derived name, in both
    // regions), never a pattern that would also cover the jurisdiction's other buckets.
    const bucketArns = [
      ...props.buckets.map((b) => dataBucketArn(naming, b.dataClass.id, region)),
      ...replicated.map((b) => dataBucketArn(naming, b.dataClass.id, props.replicaRegion)),
    ];
    const namedBuckets = bucketArns.map((bucketArn) => ({ bucketArn }));
    const catalog: StoreCatalog = {
      buckets: [
        ...props.buckets.map((b) => ({ bucket: b.bucket.bucketName, region, dataClass: b.dataClass.id })),
        ...replicated.map((b) => ({
          bucket: dataBucketName(naming, b.dataClass.id, props.replicaRegion), region: props.replicaRegion, dataClass: b.dataClass.id,
        })),
      ],
      tables: props.tables.map((t) => ({
        table: t.table.tableName,
        dataClass: t.dataClass.id,
        sortKey: t.sortKey,
        region,
        verifyRegions: t.dataClass.replicated ? [region, props.replicaRegion] : [region],
      })),
      userPools: (props.userPools ?? []).map((p) => ({ userPoolId: p.userPoolId, region })),
    };
    const common = { [ENV.storeCatalog]: stack.toJsonString(catalog), [ENV.tenantKeyAliasPrefix]: aliasPrefix };
    const sealing = { CHECKPOINT_KEY_ARN: props.logKey.keyArn };
    const step = (name: string, description: string, environment: Record<string, string> = {}, timeout = Duration.minutes(5)) =>
      new HandlerFunction(this, name, {
        handler: 'tenant-termination',
        description: `Tenant termination: ${description}`,
        logKey: props.logKey,
        timeout,
        environment: { STEP: name, ...common, ...environment },
        outsideVpc: REPLICA_REGION_STEPS.has(name) ? 'reachesReplicaRegion' : undefined,
      });

    // Each step but delete-users reaches the stores in a session tagged with the tenant it serves:
    // its own role may only start such sessions (and write logs, receipts), the session reaches one tenant.
    const sessionOf = (fn: HandlerFunction, id: string, what: string) => new TenantSessionRole(this, id, {
      handler: fn,
      description: `Tenant termination: ${what} of the one tenant named by the session tag`,
    });
    const plan = step(
      'plan',
      'validate the request and list the stores',
      { REGISTRY_TABLE: props.registry.table.tableName },
      Duration.seconds(30),
    );
    sessionOf(plan, 'PlanSession', 'reads the registry entry').grants
      .tables('ReadRegistryStatus', [props.registry.table], ['dynamodb:GetItem'])
      .keys('DecryptRegistry', [props.registry.encryptionKey], ['kms:Decrypt'], ['dynamodb']);

    const shredKey = step('shred-key', 'disable the tenant key and schedule its deletion', {
      [ENV.keyDeletionWindowDays]: String(props.keyDeletionWindowDays),
    }, Duration.seconds(30));
    // The step reaches keys only through a session tagged with the tenant it shreds: the session
    // may end only the key tagged with that same tenant, never a neighbour's or a platform key.
    const shredSession = new TenantSessionRole(this, 'ShredKeySession', {
      handler: shredKey,
      description: 'Crypto-shreds the key of the one tenant named by the session tag (tenant termination)',
    });
    shredSession.allow(
      new iam.PolicyStatement({
        sid: 'EndOnlyTheSessionTenantsKey',
        actions: ['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'],
        resources: [tenantKeyArns],
        conditions: {
          StringEquals: { [`aws:ResourceTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey, [`aws:ResourceTag/${TAG.tenant}`]: SESSION_TENANT },
        },
      }),
    );
    shredSession.suppressWildcards('tenantSessionKeys', [`Resource::${nagResource(stack, tenantKeyArns)}`]);

    const pages = PAGES_PER_INVOCATION;
    const fanOut = props.purgeConcurrency ?? 8;
    const planPurge = step('plan-purge', 'split each bucket copy of the tenant prefix into shards', {
      SHARDS_PER_BUCKET: String(props.shardsPerBucket ?? 8), ...sealing,
    }, Duration.minutes(1));
    sessionOf(planPurge, 'PlanPurgeSession', 'lists the prefix').grants
      .listings('ListUnderTenantPrefix', namedBuckets, ['s3:ListBucketVersions', 's3:ListBucket']);
    allowCheckpointSealing(planPurge, props.logKey, ['kms:GenerateDataKey']);
    const purgeBucket = new HandlerFunction(this, 'purge-bucket', {
      handler: 'tenant-termination',
      description: 'Tenant termination: delete every version in one shard of the tenant prefix',
      logKey: props.logKey,
      outsideVpc: 'reachesReplicaRegion',
      timeout: Duration.minutes(10),
      memorySize: 1024,
      // Room for four terminations' fan-outs at once; beyond that the state machine's throttle retry waits.
      reservedConcurrency: Math.min(100, fanOut * 4),
      environment: { STEP: 'purge-bucket', ...common, ...sealing, MAX_PAGES: String(pages), LISTERS: '4' },
    });
    allowCheckpointSealing(purgeBucket, props.logKey, ['kms:GenerateDataKey', 'kms:Decrypt']);
    sessionOf(purgeBucket, 'PurgeBucketSession', 'deletes every version under the prefix').grants
      .listings('ListUnderTenantPrefix', namedBuckets, ['s3:ListBucketVersions', 's3:ListBucket'])
      // S3 has no condition key that scopes ListBucketMultipartUploads to a prefix: the code keeps to its tenant.
      .buckets('ListUnfinishedUploads', namedBuckets, ['s3:ListBucketMultipartUploads'])
      .objects('DeleteTenantVersions', namedBuckets, ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload'])
      .suppressTenantWildcards();

    const purgeTable = step('purge-table', 'delete the tenant partition of each table', { MAX_ITEMS: '5000' });
    sessionOf(purgeTable, 'PurgeTableSession', 'deletes the partition').grants
      .tables('DeleteTenantItems', props.tables.map((t) => t.table), ['dynamodb:Query', 'dynamodb:BatchWriteItem'])
      .keys('UseTableKeys', props.tables.map((t) => t.encryptionKey), ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], ['dynamodb']);

    const deleteUsers = step('delete-users', 'delete the users of the tenant in each user pool', { MAX_USERS: '500' });
    const poolArns = (props.userPools ?? []).map((p) => p.userPoolArn);
    if (poolArns.length > 0) {
      allow(
        deleteUsers,
        'DeleteTenantUsers',
        ['cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup', 'cognito-idp:AdminDeleteUser', 'cognito-idp:DeleteGroup'],
        poolArns,
      );
    }

    const verify = step('verify', 'list every store again and count what is left');
    const verifySession = sessionOf(verify, 'VerifySession', 'lists and counts what is left');
    const verifyTables: string[] = [];
    for (const t of props.tables) {
      verifyTables.push(t.table.tableArn);
      if (t.dataClass.replicated) verifyTables.push(t.table.replica(props.replicaRegion).tableArn);
    }
    verifySession.grants
      .listings('ListUnderTenantPrefix', namedBuckets, ['s3:ListBucketVersions', 's3:ListBucket'])
      // S3 has no condition key that scopes ListBucketMultipartUploads to a prefix: the code keeps to its tenant.
      .buckets('ListUnfinishedUploads', namedBuckets, ['s3:ListBucketMultipartUploads'])
      // Lock state only, never the data: what decides whether a version left is one S3 keeps on purpose.
      .objects('ReadObjectLockState', namedBuckets, ['s3:GetObjectLegalHold', 's3:GetObjectRetention'])
      .tables('CountTenantItems', verifyTables, ['dynamodb:Query'])
      .keys('DecryptTables', props.tables.map((t) => t.encryptionKey), ['kms:Decrypt'], ['dynamodb'])
      .suppressTenantWildcards();
    const replicaKeys = `arn:${Aws.PARTITION}:kms:${props.replicaRegion}:${Aws.ACCOUNT_ID}:key/*`;
    if (props.tables.some((t) => t.dataClass.replicated)) {
      verifySession.allow(new iam.PolicyStatement({
        sid: 'DecryptReplicaTablesThroughDynamoDb',
        actions: ['kms:Decrypt'],
        resources: [replicaKeys],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${props.replicaRegion}.amazonaws.com` } },
      }));
    }
    verifySession.allow(new iam.PolicyStatement({
      sid: 'DescribeOnlyTheSessionTenantsKey',
      actions: ['kms:DescribeKey'],
      resources: [tenantKeyArns],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey, [`aws:ResourceTag/${TAG.tenant}`]: SESSION_TENANT },
      },
    }));
    verifySession.suppressWildcards('tenantKeysByTag', [tenantKeyArns, replicaKeys].map((r) => `Resource::${nagResource(stack, r)}`));
    // Cognito has no condition key that tells one tenant's users from another's: the count stays with the function.
    if (poolArns.length > 0) allow(verify, 'CountTenantUsers', ['cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup'], poolArns);

    const receipt = step('receipt', 'leave a tombstone in the registry and write the receipt', {
      REGISTRY_TABLE: props.registry.table.tableName,
      RECEIPT_BUCKET: props.receiptBucket.bucketName,
      PITR_RECOVERY_DAYS: String(props.pitrRecoveryDays),
    }, Duration.minutes(1));
    const receipts = `${props.receiptBucket.bucketArn}/terminations/*`;
    allow(receipt, 'WriteReceipts', ['s3:PutObject'], [receipts]);
    receipt.useKey(props.receiptKey, 'write');
    sessionOf(receipt, 'ReceiptSession', 'leaves the registry tombstone').grants
      .tables('TombstoneRegistryEntry', [props.registry.table], ['dynamodb:PutItem', 'dynamodb:GetItem'])
      .keys('UseRegistryKey', [props.registry.encryptionKey], ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], ['dynamodb']);
    // The bucket ARN comes from the data stack, so the finding spells it as a stack output.
    suppressWildcards(receipt, 'receiptsPrefix', [{ regex: '/^Resource::.+\\/terminations\\/\\*$/' }]);

    this.steps = {
      plan,
      'shred-key': shredKey,
      'plan-purge': planPurge,
      'purge-bucket': purgeBucket,
      'purge-table': purgeTable,
      'delete-users': deleteUsers,
      verify,
      receipt,
    };

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      encryptionKey: props.logKey,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CDK's automatic grants would land in an inline policy; the role gets one managed policy
    // stating the same, and the state machine sees a view of the role that ignores grants.
    const role = new iam.Role(this, 'StateMachineRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: 'Runs the tenant termination workflow',
    });
    const policy = new iam.ManagedPolicy(this, 'StateMachinePolicy', {
      description: 'Invokes the termination steps, writes execution logs and traces',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeSteps',
          actions: ['lambda:InvokeFunction'],
          resources: Object.values(this.steps).map((fn) => fn.function.functionArn),
        }),
        new iam.PolicyStatement({
          sid: 'DeliverLogsAndTraces',
          actions: [
            'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
            'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
            'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets',
          ],
          resources: ['*'],
        }),
      ],
    });
    NagSuppressions.addResourceSuppressions(policy, [
      { id: 'AwsSolutions-IAM5', reason: SUPPRESSION_REASON.stateMachineLogsAndTracing, appliesTo: ['Resource::*'] },
    ]);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition()),
      stateMachineType: sfn.StateMachineType.STANDARD,
      role: role.withoutPolicyUpdates(),
      tracingEnabled: true,
      timeout: props.runTimeout ?? Duration.days(3),
      // What an operator acts on: every failure (of the run, a task, a Lambda invocation, the
      // fan-out's map run) with its error and cause, and no execution data. Progress and success
      // are in the execution history and the receipt; every event of every slice of every child
      // would be noise kept for 30 days. Step errors name keys only by hash, and the states hold
      // no object key anyway (checkpoints are sealed).
      logs: { destination: logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false },
      comment: 'P-DELETE-ON-TERMINATION: deletes every copy of a terminated tenant and writes a receipt',
    });
    this.stateMachine.node.addDependency(policy);
    // CDK gives a Distributed Map's role an inline policy of its own; the managed one below states the same.
    this.stateMachine.node.tryRemoveChild('DistributedMapPolicy');
    allowDistributedMap(this, role, this.stateMachine);
    NagSuppressions.addResourceSuppressions(this.stateMachine, [
      { id: 'Steward-P-ENCRYPT-REST-StoreEncryptedWithCmk', reason: SUPPRESSION_REASON.terminationHistoryOnAwsOwnedKey },
      { id: 'AwsSolutions-SF1', reason: SUPPRESSION_REASON.terminationLogsFailuresOnly },
    ]);

    this.trigger = new HandlerFunction(this, 'trigger', {
      handler: 'termination-trigger',
      description: 'Starts the termination workflow when a tenant is marked terminated',
      logKey: props.logKey,
      timeout: Duration.seconds(30),
      environment: { STATE_MACHINE_ARN: this.stateMachine.stateMachineArn },
    });
    allow(this.trigger, 'StartTerminations', ['states:StartExecution'], [this.stateMachine.stateMachineArn]);
    const streamArn = props.registry.table.tableStreamArn;
    if (!streamArn) {
      throw new Error('registry: the tenant-registry table needs a NEW_IMAGE stream to start terminations');
    }
    allow(this.trigger, 'ReadRegistryStream', ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], [streamArn]);
    // ListStreams has no resource type: IAM matches it only against "*" (a table ARN never matches).
    allow(this.trigger, 'ListRegistryStreams', ['dynamodb:ListStreams'], ['*']);
    suppressWildcards(this.trigger, 'listStreamsHasNoResource', ['*']);
    this.trigger.useKey(props.registry.encryptionKey, 'read');
    this.trigger.function.addEventSourceMapping('RegistryMarkedTerminated', {
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 10,
      retryAttempts: 10,
      bisectBatchOnError: true,
      // A batch given up on lands here (the stack's encrypted dead-letter queue, which the trigger
      // may already write to) and raises the TriggerDropped alarm instead of vanishing.
      onFailure: new SqsDlq(this.trigger.function.deadLetterQueue!),
      filters: [lambda.FilterCriteria.filter({ dynamodb: { NewImage: { status: { S: lambda.FilterRule.isEqual('terminated') } } } })],
    });

    this.alarms = new TerminationAlarms(this, 'Alarms', {
      stateMachine: this.stateMachine,
      deadLetterQueue: this.trigger.function.deadLetterQueue!,
    });

    for (const b of props.buckets) declareDeletionCoverage(b.bucket);
    for (const scope of props.replicaBucketScopes ?? []) declareDeletionCoverage(scope);
    for (const t of [...props.tables, props.registry]) declareDeletionCoverage(t.table);
    for (const p of props.userPools ?? []) declareDeletionCoverage(p);
  }

  private definition(): sfn.IChainable {
    const invoke = (id: string, fn: HandlerFunction, payload: sfn.TaskInput, resultPath: string) => {
      const task = new tasks.LambdaInvoke(this, id, {
        lambdaFunction: fn.function,
        payload,
        payloadResponseOnly: true,
        resultPath,
        retryOnServiceExceptions: true,
      });
      // Bad input never gets better by retrying; everything else (throttles, a crash, a timeout)
      // is retried with the unchanged input, i.e. from the last checkpoint.
      task.addRetry({ errors: [ERROR_NAME.input], maxAttempts: 0 });
      // Throttling slows a run, never fails it: concurrent terminations share the functions'
      // reserved concurrency, so a throttled invocation waits (up to 5 min between attempts, about 3 h in all).
      task.addRetry(THROTTLE_RETRY);
      task.addRetry({
        errors: [sfn.Errors.ALL],
        interval: Duration.seconds(5),
        backoffRate: 2,
        maxAttempts: 6,
        jitterStrategy: sfn.JitterType.FULL,
      });
      return task;
    };
    /** A per-store loop: invoke the step until it reports `done`, passing its own output back in. */
    const loop = (id: string, fn: HandlerFunction) => {
      const slice = invoke(`${id}Slice`, fn, sfn.TaskInput.fromJsonPathAt('$'), '$');
      return slice.next(new sfn.Choice(this, `${id}Done`)
        .when(sfn.Condition.booleanEquals('$.done', true), new sfn.Succeed(this, `${id}Finished`))
        .otherwise(slice));
    };
    const perStore = (id: string, itemsPath: string, resultPath: string, fn: HandlerFunction) =>
      new sfn.Map(this, id, {
        itemsPath,
        maxConcurrency: 4,
        resultPath,
        itemSelector: {
          'tenantId.$': '$.plan.tenantId',
          'dryRun.$': '$.plan.dryRun',
          'target.$': '$$.Map.Item.Value',
        },
      }).itemProcessor(loop(id, fn));

    const s = this.steps;
    const planPurge = invoke('PlanPurge', s['plan-purge'], sfn.TaskInput.fromObject({
      tenantId: sfn.JsonPath.stringAt('$.plan.tenantId'),
      dryRun: sfn.JsonPath.objectAt('$.plan.dryRun'),
      buckets: sfn.JsonPath.objectAt('$.plan.buckets'),
    }), '$.purgePlan');
    // Each shard of each bucket copy is a child execution with its own history: no execution
    // nears the 25,000-event limit however many versions the tenant has.
    const purgeBuckets = new sfn.DistributedMap(this, 'PurgeBuckets', {
      itemsPath: '$.purgePlan.shards',
      maxConcurrency: this.purgeConcurrency,
      resultPath: '$.buckets',
      mapExecutionType: sfn.StateMachineType.STANDARD,
      toleratedFailurePercentage: 0,
    }).itemProcessor(loop('PurgeBuckets', s['purge-bucket']));
    const plan = invoke('Plan', s.plan, sfn.TaskInput.fromObject({
      input: sfn.JsonPath.objectAt('$'),
      executionName: sfn.JsonPath.stringAt('$$.Execution.Name'),
    }), '$.plan');
    const shred = invoke('ShredTenantKey', s['shred-key'], sfn.TaskInput.fromJsonPathAt('$.plan'), '$.key');
    const verify = invoke('Verify', s.verify, sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.plan'),
    }), '$.verification');
    const receipt = invoke('WriteReceipt', s.receipt, sfn.TaskInput.fromJsonPathAt('$'), '$.receipt');

    // The failure path: a step that still fails after its retries leaves a receipt saying what was
    // done (the state so far), the error, and what a fresh verification finds left; then the run
    // fails, which raises the alarm. An operator resumes by starting a new execution.
    const describeFailure = new sfn.Pass(this, 'DescribeFailure', {
      parameters: { 'error.$': '$.caught.Error', 'cause.$': '$.caught.Cause' },
      resultPath: '$.failure',
    });
    const verifyAfterFailure = invoke('VerifyAfterFailure', s.verify, sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.plan'),
    }), '$.verification');
    const failureReceipt = invoke('WriteFailureReceipt', s.receipt, sfn.TaskInput.fromJsonPathAt('$'), '$.receipt');
    verifyAfterFailure.addCatch(failureReceipt, { resultPath: '$.verificationFailure' });
    describeFailure
      .next(verifyAfterFailure)
      .next(failureReceipt)
      .next(
        new sfn.Fail(this, 'TerminationFailed', {
          error: 'TerminationFailed',
          cause:
            'A step failed after its retries; the failure receipt in the audit bucket says what was done and what is left. Start a ' +
            'new execution to resume.',
        }),
      );
    const onFailure = <T extends sfn.TaskStateBase | sfn.Map | sfn.DistributedMap>(state: T): T => {
      state.addCatch(describeFailure, { resultPath: '$.caught' });
      return state;
    };
    const outcome = new sfn.Choice(this, 'Verified')
      .when(
        sfn.Condition.or(sfn.Condition.booleanEquals('$.receipt.verified', true), sfn.Condition.booleanEquals('$.receipt.dryRun', true)),
        new sfn.Succeed(this, 'Terminated', { outputPath: '$.receipt' }),
      )
      .otherwise(
        new sfn.Fail(this, 'TenantDataRemains', {
          error: ERROR_NAME.terminationNotVerified,
          cause: 'Data of the tenant remains after the purge; the receipt in the audit bucket lists where. Start a new execution to retry.',
        }),
      );
    return plan
      .next(onFailure(shred))
      .next(onFailure(planPurge))
      .next(onFailure(purgeBuckets))
      .next(onFailure(perStore('PurgeTables', '$.plan.tables', '$.tables', s['purge-table'])))
      .next(onFailure(perStore('DeleteUsers', '$.plan.userPools', '$.users', s['delete-users'])))
      .next(onFailure(verify))
      .next(receipt)
      .next(outcome);
  }
}

function validateProps(props: TenantTerminationWorkflowProps): void {
  const days = props.keyDeletionWindowDays;
  const window = LIMITS.keyDeletionWindowDays;
  if (!isWithin(days, window)) {
    throw new Error(`keyDeletionWindowDays: ${days} must be a whole number of days from ${window.min} to ${window.max}`);
  }
  const pitr = props.pitrRecoveryDays;
  if (!Number.isInteger(pitr) || pitr < 1 || pitr > 35) {
    throw new Error(`pitrRecoveryDays: ${pitr} must be a whole number of days from 1 to 35`);
  }
  const fanOut = props.purgeConcurrency ?? 8;
  if (!Number.isInteger(fanOut) || fanOut < 1 || fanOut > 25) {
    throw new Error(`purgeConcurrency: ${fanOut} must be 1..25 child executions (the purge function reserves 4x that, at most 100)`);
  }
  const shards = props.shardsPerBucket ?? 8;
  if (!Number.isInteger(shards) || shards < 1 || shards > 32) {
    throw new Error(`shardsPerBucket: ${shards} must be 1..32, so the fan-out's results fit the state`);
  }
  for (const b of props.buckets) {
    if (!b.dataClass.tenantData) throw new Error(`buckets: '${b.dataClass.id}' holds no tenant data and is not the workflow's to purge`);
  }
  for (const t of props.tables) {
    if (!t.dataClass.tenantData) throw new Error(`tables: '${t.dataClass.id}' holds no tenant data`);
  }
  if (props.registry.dataClass.id !== 'tenant-registry') {
    throw new Error(`registry: expected the tenant-registry table, got '${props.registry.dataClass.id}'`);
  }
}

/** Suppresses IAM5 on a function's managed policy for exactly the listed wildcard resources. */
export function suppressWildcards(fn: HandlerFunction, reason: SuppressionReasonKey, resources: Array<string | { regex: string }>): void {
  const stack = Stack.of(fn);
  NagSuppressions.addResourceSuppressions(fn.policy, [{
    id: 'AwsSolutions-IAM5',
    reason: SUPPRESSION_REASON[reason],
    appliesTo: resources.map((r) => (typeof r === 'string' ? `Resource::${nagResource(stack, r)}` : r)),
  }]);
}

/** How cdk-nag spells a resource in a finding: pseudo parameters as `<AWS::Partition>`. */
export function nagResource(stack: Stack, value: string): string {
  const resolved = stack.resolve(value) as unknown;
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'Ref' in v) return `<${String((v as { Ref: string }).Ref)}>`;
    if (v && typeof v === 'object' && 'Fn::GetAtt' in v) return `<${(v as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.')}>`;
    if (v && typeof v === 'object' && 'Fn::Join' in v) {
      const [sep, parts] = (v as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
      return parts.map(render).join(sep);
    }
    return JSON.stringify(v);
  };
  return render(resolved);
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
  NagSuppressions.addResourceSuppressions(policy, [{
    id: 'AwsSolutions-IAM5',
    reason: SUPPRESSION_REASON.distributedMapChildExecutions,
    appliesTo: [`Resource::${nagResource(Stack.of(scope), executions)}`],
  }]);
}

/** Sealing and opening purge checkpoints with the log key, only under the checkpoint purpose. */
function allowCheckpointSealing(fn: HandlerFunction, key: kms.IKey, actions: string[]): void {
  fn.allow(new iam.PolicyStatement({
    sid: 'SealPurgeCheckpoints',
    actions,
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'termination-checkpoint' } },
  }));
}

function allow(fn: HandlerFunction, sid: string, actions: string[], resources: string[]): void {
  fn.allow(new iam.PolicyStatement({ sid, actions, resources }));
}
