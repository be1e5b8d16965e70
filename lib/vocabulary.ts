/**
 * The words the parts of steward agree on: constructs write them into templates and function
 * environments, cdk-nag rules read them back off the construct tree, handlers read them at run
 * time. Each is spelled here once; a `steward:` string anywhere else fails the lint gate
 * (eslint.config.mjs), so a tag key cannot drift between its writer and its reader.
 *
 * This module imports nothing: Lambda bundles include it, so it must stay free of aws-cdk-lib.
 */

/** Tag keys on stores, keys and roles, and the session tag of tenant sessions. */
export const TAG = {
  /** The store's data class (lib/inventory/data-classes.ts). */
  dataClass: 'steward:data-class',
  /** The jurisdiction whose data the resource holds. */
  jurisdiction: 'steward:jurisdiction',
  /** Whether the data class holds personal data: `true` or `false`. */
  personalData: 'steward:personal-data',
  /** Whether the data class exists only for tenants who opted in: `true` or `false`. */
  optIn: 'steward:opt-in',
  /** Whether the data class holds tenant data: `true` or `false`. */
  tenantData: 'steward:tenant-data',
  /** Retention label: `<N>d` or `tenancy`. */
  retention: 'steward:retention',
  /** Who deletes the store's tenant data; see {@link TAG_VALUE.deletedByTenantTermination}. */
  deletedBy: 'steward:deleted-by',
  /** What a role or key is for; see {@link TAG_VALUE}. */
  purpose: 'steward:purpose',
  /** The tenant a key belongs to, and the session tag naming the one tenant a session may reach. */
  tenant: 'steward:tenant',
} as const;

/** Tag values with a meaning the rules and IAM conditions depend on. */
export const TAG_VALUE = {
  /** `steward:deleted-by`: the tenant termination workflow deletes this store's tenant data. */
  deletedByTenantTermination: 'tenant-termination',
  /** `steward:purpose` of the support role (P-SUPPORT-CONSENT). */
  supportWithConsent: 'support-with-consent',
  /** `steward:purpose` onboarding gives every tenant key, so IAM can match tenant keys only. */
  tenantDataKey: 'tenant-data-key',
} as const;

/** Construct metadata types the app stamps on stacks for the rules to read. */
export const METADATA = {
  /** A stack's jurisdiction: `{ id, regions }`. */
  jurisdiction: 'steward:jurisdiction',
  /** A stack's declared internet-facing ports. */
  internetIngress: 'steward:internet-ingress',
} as const;

/** The S3 prefix under which every object of every tenant lives: `tenants/<tenantId>/...`. */
export const TENANTS_PREFIX = 'tenants/';
/** Every object of every tenant; IAM can scope to all tenants, the handlers to one. */
export const TENANT_OBJECTS = `${TENANTS_PREFIX}*`;

/** The alias prefix of the tenant keys of one jurisdiction: `alias/<app>/<jurisdiction>/tenant/`. */
export function tenantKeyAliasPrefix(appName: string, jurisdictionId: string): string {
  return `alias/${appName}/${jurisdictionId}/tenant/`;
}

/** An inclusive range of whole numbers. */
export interface WholeNumberRange {
  readonly min: number;
  readonly max: number;
}

/** Numeric limits set by AWS or by the promises, checked in config validation, constructs and handlers. */
export const LIMITS = {
  /** Days between disabling a tenant key and its deletion: what KMS `ScheduleKeyDeletion` accepts. */
  keyDeletionWindowDays: { min: 7, max: 30 },
  /** Hours a tenant's support grant may last (P-SUPPORT-CONSENT). */
  supportGrantHours: { min: 1, max: 72 },
  /** Minutes a support session may last; STS refuses less than 15. */
  supportSessionMinutes: { min: 15, max: 60 },
  /** Minutes an export download link may stay valid. */
  downloadUrlMinutes: { min: 1, max: 60 },
  /** Child executions of a termination's purge fan-out at once: the purge function reserves 4x that, at most 100. */
  purgeConcurrency: { min: 1, max: 25 },
  /**
   * Shards the purge plan cuts each bucket copy's tenant prefix into at most, each a child
   * execution of the fan-out: 32, the range the configuration accepts. The workflow's 256 KiB
   * state bounds it further, by the number of stores: the TenantTerminationWorkflow refuses at
   * synth a value whose run would not fit ({@link terminationStateBytes}). With the default
   * app's 2 tables and user pool, its 14 bucket copies fit 9 shards each, 7 copies 19.
   */
  shardsPerBucket: { min: 1, max: 32 },
  /**
   * Hours a termination may run before it times out (and raises the alarm). At least 4: a
   * throttled step is retried for about 3 hours (THROTTLE_RETRY), and a run that timed out while
   * it waited would turn throttling, which only slows a run, into a failed one. At most a year
   * (365 days), the longest a Standard workflow execution may run.
   */
  runTimeoutHours: { min: 4, max: 8760 },
} as const satisfies Record<string, WholeNumberRange>;

/** Whether a value is a whole number inside a range. */
export function isWithin(value: unknown, range: WholeNumberRange): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** A range as error messages spell it: `7..30`. */
export function rangeText(range: WholeNumberRange): string {
  return `${range.min}..${range.max}`;
}

/** Error names the state machines match by string, so a handler and a Retry/Catch agree. */
export const ERROR_NAME = {
  /** Bad input (lambda/shared/input-error.ts): never retried, it does not get better. */
  input: 'InputError',
  /** The termination workflow's failure when the listing after the purge still finds tenant data. */
  terminationNotVerified: 'TerminationNotVerified',
} as const;

/** Environment variables a construct sets and a handler, or the review of a template, reads. */
export const ENV = {
  /** The termination workflow's {@link StoreCatalog}, as JSON. */
  storeCatalog: 'STORE_CATALOG',
  /** {@link tenantKeyAliasPrefix} of the jurisdiction, for onboarding and termination. */
  tenantKeyAliasPrefix: 'TENANT_KEY_ALIAS_PREFIX',
  /** Days KMS waits before deleting a shredded tenant key ({@link LIMITS.keyDeletionWindowDays}). */
  keyDeletionWindowDays: 'KEY_DELETION_WINDOW_DAYS',
  /** The exports bucket an archive-writing handler writes to. */
  exportsBucket: 'EXPORTS_BUCKET',
  /** The exports class key. */
  exportsKeyArn: 'EXPORTS_KEY_ARN',
  /** Seconds a presigned download link stays valid. */
  downloadUrlSeconds: 'DOWNLOAD_URL_SECONDS',
  /** The tenant registry table. */
  registryTable: 'REGISTRY_TABLE',
  /** The role a handler assumes, tagged with one tenant, for that tenant's work. */
  tenantSessionRoleArn: 'TENANT_SESSION_ROLE_ARN',
  /** The audit-receipts bucket audit records go to. */
  auditBucket: 'AUDIT_BUCKET',
  /** The workflow a starting handler starts executions of. */
  stateMachineArn: 'STATE_MACHINE_ARN',
  /** The jurisdiction's primary region. */
  primaryRegion: 'PRIMARY_REGION',
  /** The jurisdiction's replica region. */
  replicaRegion: 'REPLICA_REGION',
  /** Listing pages one workflow step reads before it checkpoints. */
  pagesPerStep: 'PAGES_PER_STEP',
  /** Listing pages one purge call reads before it returns its checkpoints. */
  maxPages: 'MAX_PAGES',
  /** The support-grants table. */
  grantsTable: 'GRANTS_TABLE',
  /** The support role, by name (its gates are inline policies of it). */
  supportRoleName: 'SUPPORT_ROLE_NAME',
  /** The support role the broker mints sessions of. */
  supportRoleArn: 'SUPPORT_ROLE_ARN',
  /** Which termination step a termination function runs. */
  terminationStep: 'STEP',
  /** Shards the purge plan cuts each bucket copy into at most. */
  shardsPerBucket: 'SHARDS_PER_BUCKET',
  /** Child executions of the purge fan-out at once, whose shards of a bucket copy share its partition rate. */
  purgeConcurrency: 'PURGE_CONCURRENCY',
  /** The bucket termination receipts are written to. */
  receiptBucket: 'RECEIPT_BUCKET',
  /** The early purge's buckets per log class and region, as JSON. */
  purgeTargets: 'PURGE_TARGETS',
  /** ARN pattern of the platform roles a tenant key's policy admits. */
  platformRoleArnPattern: 'PLATFORM_ROLE_ARN_PATTERN',
  /** Days point-in-time recovery keeps deleted items (the receipt's unrecoverable-after date). */
  pitrRecoveryDays: 'PITR_RECOVERY_DAYS',
  /** Tables holding personal data a data-subject request reads, as JSON. */
  personalTables: 'PERSONAL_TABLES',
  /** The AWS partition of the account (for ARNs). */
  partition: 'PARTITION',
  /** Portal users one termination call deletes at most. */
  maxUsers: 'MAX_USERS',
  /** Minutes a support session lasts at most. */
  maxSessionMinutes: 'MAX_SESSION_MINUTES',
  /** Table items one termination call deletes at most. */
  maxItems: 'MAX_ITEMS',
  /** Hours a support grant lasts at most. */
  maxGrantHours: 'MAX_GRANT_HOURS',
  /** Log buckets a data-subject request reads, as JSON. */
  logBuckets: 'LOG_BUCKETS',
  /** Ranges a purge slice lists at the same time. */
  listers: 'LISTERS',
  /** The role named administrator in a new tenant key's policy. */
  keyAdministratorArn: 'KEY_ADMINISTRATOR_ARN',
  /** The jurisdiction the function serves. */
  jurisdictionId: 'JURISDICTION_ID',
  /** The key termination checkpoints are sealed under. */
  checkpointKeyArn: 'CHECKPOINT_KEY_ARN',
  /** The app name prefixing every resource name. */
  appName: 'APP_NAME',
  /** The account the function runs in. */
  accountId: 'ACCOUNT_ID',
  /** The portal user pool. */
  userPoolId: 'USER_POOL_ID',
  /** The opt-in buckets per class, as JSON. */
  optInBuckets: 'OPT_IN_BUCKETS',
  /** The buckets an export reads, per class, as JSON. */
  sourceBuckets: 'SOURCE_BUCKETS',
  /** The tables an export reads, per class, as JSON. */
  sourceTables: 'SOURCE_TABLES',
} as const;

/** A bucket, in the primary or the replica region, holding tenant data under `tenants/<id>/`. */
export interface BucketTarget {
  readonly bucket: string;
  readonly region: string;
  readonly dataClass: string;
}

/** A table partitioned by `tenantId`; deletes in the primary region replicate to `verifyRegions`. */
export interface TableTarget {
  readonly table: string;
  readonly dataClass: string;
  /** Sort key attribute, when the table has one. */
  readonly sortKey?: string;
  /** Region the items are deleted in. */
  readonly region: string;
  /** Every region holding a replica of the table, checked by the verification. */
  readonly verifyRegions: readonly string[];
}

/** A Cognito user pool whose users carry `custom:tenantId` (see lambda/tenant-termination/portal-users.ts). */
export interface UserPoolTarget {
  readonly userPoolId: string;
  readonly region: string;
}

/**
 * Every store the termination workflow covers, fixed at deploy time: the construct writes it
 * into `STORE_CATALOG`, the Plan step reads it back.
 */
export interface StoreCatalog {
  readonly buckets: readonly BucketTarget[];
  readonly tables: readonly TableTarget[];
  readonly userPools: readonly UserPoolTarget[];
}

/**
 * What a child of the termination's purge fan-out returns (the Pass state ending its slice loop
 * picks it out of the last slice's output): what the receipt reads of a shard, which
 * `mergeShards` sums per bucket copy. The rest of that output (the sealed shard, the tenant,
 * the loop's bookkeeping) would sit in the parent's state once per shard.
 */
export const PURGE_SHARD_RESULT_FIELDS = ['target', 'totals', 'invocations', 'startedAt', 'finishedAt'] as const;

/** The stores of a termination whose entries and results the workflow's state holds. */
export interface TerminationStoreCounts {
  /** Bucket copies: each tenant-data bucket, and its replica when its class is replicated. */
  readonly bucketCopies: number;
  readonly tables: number;
  readonly userPools: number;
}

/**
 * Bytes of the termination workflow's state (its JSON, as Step Functions counts it against the
 * 256 KiB it allows a state), measured by test/constructs/termination-state-size.test.ts from the
 * steps' outputs with names at their longest (63 characters, the tenant id's too), shard bounds
 * five levels deep with free-form levels of 64 characters, counts at their largest, a caught
 * error's cause at Step Functions' 32,768 characters and a verification listing 100 protected and
 * 100 leftover versions. The test derives each figure and fails if one is below what it
 * measures; each is what it measured rounded up to a multiple of 8 (a sealed shard item 1,365
 * bytes, a child's result 530, a caught error 33,057, the findings 135,613).
 */
export const TERMINATION_STATE_BYTES = {
  /** Step Functions' quota on a state's input and output. */
  limit: 262_144,
  /** What no count changes: the start input, the plan's own fields, the key, the receipt. */
  fixed: 1_248,
  /** Each bucket copy: its plan entry and its verification line (its shards are counted apart). */
  perBucketCopy: 408,
  /** Each table: its plan entry, its result, its verification lines (two when replicated). */
  perTable: 1_136,
  /** Each user pool: its plan entry, its result, its verification line. */
  perUserPool: 616,
  /** Each shard's sealed item in the purge plan, in the state until the fan-out ends. */
  perShardItem: 1_368,
  /** Each fan-out child's result (PURGE_SHARD_RESULT_FIELDS), in the state from the fan-out's end on. */
  perShardResult: 536,
  /** An error the failure path catches, its cause at the longest Step Functions hands on. */
  caughtError: 33_064,
  /** All the failure path adds (the caught error and its description), with the lists of a verification that finds versions left. */
  findings: 135_616,
} as const;

/**
 * Bytes the termination workflow's state reaches at its largest, from TERMINATION_STATE_BYTES:
 * the fan-out's output (every sealed shard and every child's result), a failed fan-out's caught
 * error on its sealed shards (dropped before the failure path goes on), or the end of a run (the
 * children's results and the findings), whichever is largest.
 */
export function terminationStateBytes(stores: TerminationStoreCounts, shardsPerBucket: number): number {
  const b = TERMINATION_STATE_BYTES;
  const shards = stores.bucketCopies * shardsPerBucket;
  const fixed = b.fixed + stores.bucketCopies * b.perBucketCopy + stores.tables * b.perTable + stores.userPools * b.perUserPool;
  return fixed + Math.max(
    shards * (b.perShardItem + b.perShardResult),
    b.caughtError + shards * b.perShardItem,
    b.findings + shards * b.perShardResult,
  );
}
