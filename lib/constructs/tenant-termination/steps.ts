import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { suppressWildcards } from '../../nag/suppressions';
import { ENV, TAG, TAG_VALUE } from '../../vocabulary';
import { HandlerFunction } from '../handler-function';
import { SESSION_TENANT, TenantSessionRole } from '../tenant-session-role';
import type { ResolvedTerminationProps } from './props';
import { terminationStores } from './stores';

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

/** The functions of the termination steps, by the step name their `STEP` environment variable carries. */
export interface TerminationStepFunctions {
  readonly plan: HandlerFunction;
  readonly 'shred-key': HandlerFunction;
  readonly 'plan-purge': HandlerFunction;
  readonly 'purge-bucket': HandlerFunction;
  readonly 'purge-table': HandlerFunction;
  readonly 'delete-users': HandlerFunction;
  readonly verify: HandlerFunction;
  readonly receipt: HandlerFunction;
}

/**
 * The step functions of the termination workflow and their grants. Each step but delete-users
 * reaches the stores in a session tagged with the tenant it serves: its own role may only start
 * such sessions (and write logs, receipts), the session reaches one tenant. They are created in
 * `scope` (the workflow), so their construct ids and logical ids are those of the deployed stacks.
 */
export function createTerminationSteps(scope: Construct, props: ResolvedTerminationProps): TerminationStepFunctions {
  const stores = terminationStores(scope, props);
  const { namedBuckets, tenantKeyArns } = stores;
  const sealing = { [ENV.checkpointKeyArn]: props.logKey.keyArn };
  const step = (name: string, description: string, environment: Record<string, string> = {}, timeout = Duration.minutes(5)) =>
    new HandlerFunction(scope, name, {
      handler: 'tenant-termination',
      description: `Tenant termination: ${description}`,
      logKey: props.logKey,
      timeout,
      environment: { [ENV.terminationStep]: name, ...stores.environment, ...environment },
      outsideVpc: REPLICA_REGION_STEPS.has(name) ? 'reachesReplicaRegion' : undefined,
    });
  const sessionOf = (fn: HandlerFunction, id: string, what: string) => new TenantSessionRole(scope, id, {
    handler: fn,
    description: `Tenant termination: ${what} of the one tenant named by the session tag`,
  });
  // Only the key tagged with the session's tenant, never a neighbour's or a platform key.
  const sessionTenantsKey = {
    StringEquals: { [`aws:ResourceTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey, [`aws:ResourceTag/${TAG.tenant}`]: SESSION_TENANT },
  };

  const plan = step(
    'plan',
    'validate the request and list the stores',
    { [ENV.registryTable]: props.registry.table.tableName },
    Duration.seconds(30),
  );
  sessionOf(plan, 'PlanSession', 'reads the registry entry').grants
    .tables('ReadRegistryStatus', [props.registry.table], ['dynamodb:GetItem'])
    .keys('DecryptRegistry', [props.registry.encryptionKey], ['kms:Decrypt'], ['dynamodb']);

  const shredKey = step('shred-key', 'disable the tenant key and schedule its deletion', {
    [ENV.keyDeletionWindowDays]: String(props.keyDeletionWindowDays),
  }, Duration.seconds(30));
  const shredSession = new TenantSessionRole(scope, 'ShredKeySession', {
    handler: shredKey,
    description: 'Crypto-shreds the key of the one tenant named by the session tag (tenant termination)',
  });
  shredSession.allow(new iam.PolicyStatement({
    sid: 'EndOnlyTheSessionTenantsKey',
    actions: ['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion'],
    resources: [tenantKeyArns],
    conditions: sessionTenantsKey,
  }));
  suppressWildcards(shredSession.policy, 'tenantSessionKeys', [tenantKeyArns]);

  const planPurge = step('plan-purge', 'split each bucket copy of the tenant prefix into shards', {
    [ENV.shardsPerBucket]: String(props.shardsPerBucket), [ENV.purgeConcurrency]: String(props.purgeConcurrency), ...sealing,
  }, Duration.minutes(1));
  sessionOf(planPurge, 'PlanPurgeSession', 'lists the prefix').grants
    .listings('ListUnderTenantPrefix', namedBuckets, ['s3:ListBucketVersions', 's3:ListBucket']);
  allowCheckpointSealing(planPurge, props.logKey, ['kms:GenerateDataKey']);
  const purgeBucket = new HandlerFunction(scope, 'purge-bucket', {
    handler: 'tenant-termination',
    description: 'Tenant termination: delete every version in one shard of the tenant prefix',
    logKey: props.logKey,
    outsideVpc: 'reachesReplicaRegion',
    timeout: Duration.minutes(10),
    memorySize: 1024,
    // Room for four terminations' fan-outs at once; beyond that the state machine's throttle retry waits.
    reservedConcurrency: Math.min(100, props.purgeConcurrency * 4),
    environment: {
      [ENV.terminationStep]: 'purge-bucket', ...stores.environment, ...sealing,
      [ENV.maxPages]: String(PAGES_PER_INVOCATION), [ENV.listers]: '4',
    },
  });
  allowCheckpointSealing(purgeBucket, props.logKey, ['kms:GenerateDataKey', 'kms:Decrypt']);
  sessionOf(purgeBucket, 'PurgeBucketSession', 'deletes every version under the prefix').grants
    .listings('ListUnderTenantPrefix', namedBuckets, ['s3:ListBucketVersions', 's3:ListBucket'])
    // S3 has no condition key that scopes ListBucketMultipartUploads to a prefix: the code keeps to its tenant.
    .buckets('ListUnfinishedUploads', namedBuckets, ['s3:ListBucketMultipartUploads'])
    .objects('DeleteTenantVersions', namedBuckets, ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:AbortMultipartUpload'])
    .suppressTenantWildcards();

  const purgeTable = step('purge-table', 'delete the tenant partition of each table', { [ENV.maxItems]: '5000' });
  sessionOf(purgeTable, 'PurgeTableSession', 'deletes the partition').grants
    .tables('DeleteTenantItems', props.tables.map((t) => t.table), ['dynamodb:Query', 'dynamodb:BatchWriteItem'])
    .keys('UseTableKeys', props.tables.map((t) => t.encryptionKey), ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], ['dynamodb']);

  const deleteUsers = step('delete-users', 'delete the users of the tenant in each user pool', { [ENV.maxUsers]: '500' });
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
  if (props.tables.some((t) => t.dataClass.replicated)) {
    verifySession.allow(new iam.PolicyStatement({
      sid: 'DecryptReplicaTablesThroughDynamoDb',
      actions: ['kms:Decrypt'],
      resources: [stores.replicaKeyArns],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${props.replicaRegion}.amazonaws.com` } },
    }));
  }
  verifySession.allow(new iam.PolicyStatement({
    sid: 'DescribeOnlyTheSessionTenantsKey',
    actions: ['kms:DescribeKey'],
    resources: [tenantKeyArns],
    conditions: sessionTenantsKey,
  }));
  suppressWildcards(verifySession.policy, 'tenantKeysByTag', [tenantKeyArns, stores.replicaKeyArns]);
  // Cognito has no condition key that tells one tenant's users from another's: the count stays with the function.
  if (poolArns.length > 0) allow(verify, 'CountTenantUsers', ['cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup'], poolArns);

  const receipt = step('receipt', 'leave a tombstone in the registry and write the receipt', {
    [ENV.registryTable]: props.registry.table.tableName,
    [ENV.receiptBucket]: props.receiptBucket.bucketName,
    [ENV.pitrRecoveryDays]: String(props.pitrRecoveryDays),
  }, Duration.minutes(1));
  allow(receipt, 'WriteReceipts', ['s3:PutObject'], [`${props.receiptBucket.bucketArn}/terminations/*`]);
  receipt.useKey(props.receiptKey, 'write');
  sessionOf(receipt, 'ReceiptSession', 'leaves the registry tombstone').grants
    .tables('TombstoneRegistryEntry', [props.registry.table], ['dynamodb:PutItem', 'dynamodb:GetItem'])
    .keys('UseRegistryKey', [props.registry.encryptionKey], ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], ['dynamodb']);
  // The bucket ARN comes from the data stack, so the finding spells it as a stack output.
  suppressWildcards(receipt.policy, 'receiptsPrefix', [{ regex: '/^Resource::.+\\/terminations\\/\\*$/' }]);

  return {
    plan,
    'shred-key': shredKey,
    'plan-purge': planPurge,
    'purge-bucket': purgeBucket,
    'purge-table': purgeTable,
    'delete-users': deleteUsers,
    verify,
    receipt,
  };
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
