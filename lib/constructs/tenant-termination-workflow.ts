import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';
import type { DataClass } from '../inventory/data-classes';
import { declareDeletionCoverage } from '../nag/conventions';
import { HandlerFunction } from './handler-function';
import { dataBucketArn, dataBucketName, type StoreNaming } from './naming';

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
   * Portal user pools whose `tenant-<tenantId>` group members are deleted.
   * @default none
   */
  readonly userPools?: readonly cognito.IUserPool[];
  /** Bucket that receives the termination receipts, under `terminations/`. */
  readonly receiptBucket: s3.IBucket;
  /** Key of the receipt bucket. */
  readonly receiptKey: kms.IKey;
  /** Key of the workflow's and functions' log groups. */
  readonly logKey: kms.IKey;
  /** Days between disabling a tenant key and its deletion, 7..30. */
  readonly keyDeletionWindowDays: number;
  /**
   * Listing pages (up to 1000 versions each) one purge invocation handles before it checkpoints.
   * @default 10
   */
  readonly pagesPerInvocation?: number;
}

/** Prefix every tenant object lives under; IAM can only scope to all tenants, the code to one. */
const TENANT_OBJECTS = 'tenants/*';

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

  constructor(scope: Construct, id: string, props: TenantTerminationWorkflowProps) {
    super(scope, id);
    validateProps(props);
    const stack = Stack.of(this);
    const { naming } = props;
    const region = stack.region;
    const aliasPrefix = `alias/${naming.appName}/${naming.jurisdictionId}/tenant/`;
    const tenantKeyArns = `arn:${Aws.PARTITION}:kms:${region}:${Aws.ACCOUNT_ID}:key/*`;

    const replicated = props.buckets.filter((b) => b.dataClass.replicated);
    const bucketArns = [
      ...props.buckets.map((b) => b.bucket.bucketArn),
      ...replicated.map((b) => dataBucketArn(naming, b.dataClass.id, props.replicaRegion)),
    ];
    const catalog = {
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
    const common = { STORE_CATALOG: stack.toJsonString(catalog), TENANT_KEY_ALIAS_PREFIX: aliasPrefix };
    const step = (name: string, description: string, environment: Record<string, string> = {}, timeout = Duration.minutes(5)) =>
      new HandlerFunction(this, name, {
        handler: 'tenant-termination',
        description: `Tenant termination: ${description}`,
        logKey: props.logKey,
        timeout,
        environment: { STEP: name, ...common, ...environment },
      });

    const plan = step('plan', 'validate the request and list the stores', { REGISTRY_TABLE: props.registry.table.tableName }, Duration.seconds(30));
    allow(plan, 'ReadRegistryStatus', ['dynamodb:GetItem'], [props.registry.table.tableArn]);
    useKey(props.registry.encryptionKey, plan, 'read');

    const shredKey = step('shred-key', 'disable the tenant key and schedule its deletion', {
      KEY_DELETION_WINDOW_DAYS: String(props.keyDeletionWindowDays),
    }, Duration.seconds(30));
    allowTenantKeys(shredKey, ['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'], tenantKeyArns);

    const pages = props.pagesPerInvocation ?? 10;
    const purgeBucket = step('purge-bucket', 'delete every version under the tenant prefix', { MAX_PAGES: String(pages) });
    allowListUnderTenants(purgeBucket, bucketArns);
    allow(purgeBucket, 'DeleteTenantVersions', ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload'],
      bucketArns.map((arn) => `${arn}/${TENANT_OBJECTS}`));

    const purgeTable = step('purge-table', 'delete the tenant partition of each table', { MAX_ITEMS: '5000' });
    allow(purgeTable, 'DeleteTenantItems', ['dynamodb:Query', 'dynamodb:BatchWriteItem'], props.tables.map((t) => t.table.tableArn));
    for (const t of props.tables) useKey(t.encryptionKey, purgeTable, 'write');

    const deleteUsers = step('delete-users', 'delete the tenant group members of each user pool', { MAX_USERS: '500' });
    if (props.userPools && props.userPools.length > 0) {
      allow(deleteUsers, 'DeleteTenantUsers', ['cognito-idp:ListUsersInGroup', 'cognito-idp:AdminDeleteUser', 'cognito-idp:DeleteGroup'],
        props.userPools.map((p) => p.userPoolArn));
    }

    const verify = step('verify', 'list every store again and count what is left');
    allowListUnderTenants(verify, bucketArns);
    const verifyTables: string[] = [];
    for (const t of props.tables) {
      verifyTables.push(t.table.tableArn);
      useKey(t.encryptionKey, verify, 'read');
      if (t.dataClass.replicated) verifyTables.push(t.table.replica(props.replicaRegion).tableArn);
    }
    allow(verify, 'CountTenantItems', ['dynamodb:Query'], verifyTables);
    if (props.tables.some((t) => t.dataClass.replicated)) {
      verify.role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'DecryptReplicaTablesThroughDynamoDb',
        actions: ['kms:Decrypt'],
        resources: [`arn:${Aws.PARTITION}:kms:${props.replicaRegion}:${Aws.ACCOUNT_ID}:key/*`],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${props.replicaRegion}.amazonaws.com` } },
      }));
    }
    if (props.userPools && props.userPools.length > 0) {
      allow(verify, 'CountTenantUsers', ['cognito-idp:ListUsersInGroup'], props.userPools.map((p) => p.userPoolArn));
    }
    allowTenantKeys(verify, ['kms:DescribeKey'], tenantKeyArns);

    const receipt = step('receipt', 'remove the registry entry and write the receipt', {
      REGISTRY_TABLE: props.registry.table.tableName,
      RECEIPT_BUCKET: props.receiptBucket.bucketName,
    }, Duration.minutes(1));
    allow(receipt, 'WriteReceipts', ['s3:PutObject'], [`${props.receiptBucket.bucketArn}/terminations/*`]);
    useKey(props.receiptKey, receipt, 'write');
    allow(receipt, 'RemoveRegistryEntry', ['dynamodb:DeleteItem', 'dynamodb:GetItem'], [props.registry.table.tableArn]);
    useKey(props.registry.encryptionKey, receipt, 'write');

    suppressScopedWildcards(purgeBucket, 'Deletes and listings reach only the tenants/ prefix of each declared tenant-data bucket; the tenant is known only at run time, and the code refuses any key outside tenants/<tenantId>/.', [TENANT_PREFIX_RESOURCE]);
    suppressScopedWildcards(verify, 'Listings reach only the tenants/ prefix; tenant keys are matched by their tenant-data-key tag, replica table keys only through DynamoDB in the replica region.', [TENANT_PREFIX_RESOURCE, KMS_KEYS_RESOURCE]);
    suppressScopedWildcards(shredKey, 'Tenant keys are created at run time; the statement only matches keys tagged steward:purpose=tenant-data-key.', [KMS_KEYS_RESOURCE]);
    suppressScopedWildcards(receipt, 'Receipts are written only under terminations/ of the audit-receipts bucket, one object per execution.', [{ regex: '/^Resource::.+\\/terminations\\/\\*$/' }]);

    this.steps = { plan, 'shred-key': shredKey, 'purge-bucket': purgeBucket, 'purge-table': purgeTable, 'delete-users': deleteUsers, verify, receipt };

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      encryptionKey: props.logKey,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition()),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'P-DELETE-ON-TERMINATION: deletes every copy of a terminated tenant and writes a receipt',
    });
    NagSuppressions.addResourceSuppressions(this.stateMachine, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'CloudWatch Logs delivery and X-Ray have no resource-level permissions; the Lambda version wildcard lets retries invoke any published version of the step functions.',
        appliesTo: ['Resource::*', { regex: '/^Resource::<.+Function[0-9A-F]+\\.Arn>:\\*$/' }],
      },
    ], true);

    this.trigger = new HandlerFunction(this, 'trigger', {
      handler: 'termination-trigger',
      description: 'Starts the termination workflow when a tenant is marked terminated',
      logKey: props.logKey,
      timeout: Duration.seconds(30),
      environment: { STATE_MACHINE_ARN: this.stateMachine.stateMachineArn },
    });
    this.stateMachine.grantStartExecution(this.trigger.role);
    if (!props.registry.table.tableStreamArn) {
      throw new Error('registry: the tenant-registry table needs a NEW_IMAGE stream to start terminations');
    }
    props.registry.table.grantStreamRead(this.trigger.role);
    this.trigger.function.addEventSourceMapping('RegistryMarkedTerminated', {
      eventSourceArn: props.registry.table.tableStreamArn,
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 10,
      retryAttempts: 10,
      bisectBatchOnError: true,
      filters: [lambda.FilterCriteria.filter({ dynamodb: { NewImage: { status: { S: lambda.FilterRule.isEqual('terminated') } } } })],
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
      task.addRetry({ errors: ['InputError'], maxAttempts: 0 });
      task.addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 6, jitterStrategy: sfn.JitterType.FULL });
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
    const plan = invoke('Plan', s.plan, sfn.TaskInput.fromObject({
      input: sfn.JsonPath.objectAt('$'),
      executionName: sfn.JsonPath.stringAt('$$.Execution.Name'),
    }), '$.plan');
    const shred = invoke('ShredTenantKey', s['shred-key'], sfn.TaskInput.fromJsonPathAt('$.plan'), '$.key');
    const verify = invoke('Verify', s.verify, sfn.TaskInput.fromObject({
      plan: sfn.JsonPath.objectAt('$.plan'),
      buckets: sfn.JsonPath.objectAt('$.buckets'),
    }), '$.verification');
    const receipt = invoke('WriteReceipt', s.receipt, sfn.TaskInput.fromJsonPathAt('$'), '$.receipt');
    const outcome = new sfn.Choice(this, 'Verified')
      .when(sfn.Condition.or(sfn.Condition.booleanEquals('$.receipt.verified', true), sfn.Condition.booleanEquals('$.receipt.dryRun', true)),
        new sfn.Succeed(this, 'Terminated', { outputPath: '$.receipt' }))
      .otherwise(new sfn.Fail(this, 'TenantDataRemains', {
        error: 'TerminationNotVerified',
        cause: 'Data of the tenant remains after the purge; the receipt in the audit bucket lists where. Start a new execution to retry.',
      }));
    return plan
      .next(shred)
      .next(perStore('PurgeBuckets', '$.plan.buckets', '$.buckets', s['purge-bucket']))
      .next(perStore('PurgeTables', '$.plan.tables', '$.tables', s['purge-table']))
      .next(perStore('DeleteUsers', '$.plan.userPools', '$.users', s['delete-users']))
      .next(verify)
      .next(receipt)
      .next(outcome);
  }
}

function validateProps(props: TenantTerminationWorkflowProps): void {
  const days = props.keyDeletionWindowDays;
  if (!Number.isInteger(days) || days < 7 || days > 30) {
    throw new Error(`keyDeletionWindowDays: ${days} must be a whole number of days from 7 to 30`);
  }
  const pages = props.pagesPerInvocation ?? 10;
  if (!Number.isInteger(pages) || pages < 1 || pages > 100) {
    throw new Error(`pagesPerInvocation: ${pages} must be 1..100, so one invocation stays well inside its timeout`);
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

/** Matches `<bucket ARN>/tenants/*` and the replica buckets' `arn:...:s3:::<name>/tenants/*`. */
const TENANT_PREFIX_RESOURCE = { regex: '/^Resource::.+\\/tenants\\/\\*$/' };
/** Matches `arn:<partition>:kms:<region>:<account>:key/*`. */
export const KMS_KEYS_RESOURCE = { regex: '/^Resource::arn:<AWS::Partition>:kms:[a-z0-9-]+:<AWS::AccountId>:key\\/\\*$/' };

/** Suppresses IAM5 on a function's role for the listed wildcard resources only, with the reason. */
export function suppressScopedWildcards(fn: HandlerFunction, reason: string, appliesTo: Array<string | { regex: string }>): void {
  NagSuppressions.addResourceSuppressions(fn.role, [{ id: 'AwsSolutions-IAM5', reason, appliesTo }], true);
}

/** Key permissions without wildcard actions: reading decrypts, writing also generates data keys. */
export function useKey(key: kms.IKey, fn: HandlerFunction, access: 'read' | 'write'): void {
  key.grant(fn.role, 'kms:Decrypt', 'kms:DescribeKey', ...(access === 'write' ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []));
}

function allow(fn: HandlerFunction, sid: string, actions: string[], resources: string[]): void {
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources }));
}

/** Version and upload listings, only under the tenants prefix. */
function allowListUnderTenants(fn: HandlerFunction, bucketArns: string[]): void {
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ListUnderTenantPrefixes',
    actions: ['s3:ListBucketVersions', 's3:ListBucket'],
    resources: bucketArns,
    conditions: { StringLike: { 's3:prefix': ['tenants/*'] } },
  }));
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ListUnfinishedUploads',
    actions: ['s3:ListBucketMultipartUploads'],
    resources: bucketArns,
  }));
}

/** Tenant keys only: those tagged as such by onboarding. */
function allowTenantKeys(fn: HandlerFunction, actions: string[], tenantKeyArns: string): void {
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'TenantKeysOnly',
    actions,
    resources: [tenantKeyArns],
    conditions: { StringEquals: { 'aws:ResourceTag/steward:purpose': 'tenant-data-key' } },
  }));
}
