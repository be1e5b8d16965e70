import type { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import type { DataClass } from '../../inventory/data-classes';
import type { StoreNaming } from '../naming';

/** A tenant-data bucket of the primary region. */
export interface TerminationBucket {
  /** The bucket; its `tenants/<tenantId>/` prefix is purged. */
  readonly bucket: s3.IBucket;
  /** Its data class: replicated classes also have a replica bucket, addressed by name. */
  readonly dataClass: DataClass;
}

/** A tenant-data table partitioned by `tenantId`. */
export interface TerminationTable {
  /** The table; its `tenantId` partition is deleted (in every replica the class has). */
  readonly table: dynamodb.TableV2;
  /** Key that encrypts the table in the primary region; Query and BatchWriteItem need it. */
  readonly encryptionKey: kms.IKey;
  /** Its data class: replicated classes are also counted in the replica region. */
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
   * Longest a termination may run, 4 hours to a year (LIMITS.runTimeoutHours); a run still going
   * then times out, which raises the alarm, so a stuck termination is noticed.
   * @default Duration.days(3)
   */
  readonly runTimeout?: Duration;
  /**
   * Child executions of the purge fan-out (Distributed Map over bucket copy x shard) running at once.
   * @default 8
   */
  readonly purgeConcurrency?: number;
  /**
   * Shards each bucket copy's tenant prefix is split into at sub-prefix boundaries, each its own
   * child execution, 1..32 (LIMITS.shardsPerBucket), and no more than the workflow's state holds
   * for its bucket copies (terminationStateBytes): 9 for the default app's 14.
   * @default 8
   */
  readonly shardsPerBucket?: number;
}

/** The props with their defaults filled in, as the parts of the workflow read them. */
export interface ResolvedTerminationProps extends TenantTerminationWorkflowProps {
  /** Longest a termination may run. */
  readonly runTimeout: Duration;
  /** Child executions of the purge fan-out at once. */
  readonly purgeConcurrency: number;
  /** Shards of each bucket copy's tenant prefix. */
  readonly shardsPerBucket: number;
}
