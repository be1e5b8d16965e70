/**
 * The event contract of the termination workflow: what the state machine passes to each step
 * and what each step returns. docs/termination.md shows these as JSON.
 */
import type { PaceCheckpoint } from '../shared/delete-pacer';
import type { BucketInventory, LeftoverVersion, ProtectedVersion } from './bucket-inventory';
import type { Sealed } from './sealed-state';
import type { BucketTarget, PURGE_SHARD_RESULT_FIELDS, StoreCatalog, TableTarget, UserPoolTarget } from '../../lib/vocabulary';

/** What starts a termination: the registry stream trigger, or an operator's start-execution. */
export interface TerminationInput {
  readonly tenantId: string;
  /** Report what would be deleted and delete nothing. @default false */
  readonly dryRun?: boolean;
}

// The catalogue the construct writes and the Plan step reads: typed once, on both sides.
export type { BucketTarget, StoreCatalog, TableTarget, UserPoolTarget } from '../../lib/vocabulary';

/** Output of the Plan step, and the state every later step reads. */
export interface TerminationPlan extends StoreCatalog {
  readonly tenantId: string;
  readonly dryRun: boolean;
  readonly executionName: string;
  readonly startedAt: string;
  /** Registry status when the run started: `terminated`, or `absent` for a re-run after a completed one. */
  readonly registryStatus: 'terminated' | 'tombstone' | 'absent' | 'active';
}

/** Output of the ShredKey step. */
export interface KeyShredResult {
  /** `PendingDeletion` after a real run; `absent` when the tenant never had a key or it is already gone. */
  readonly keyState: string;
  readonly keyArn?: string;
  readonly deletionDate?: string;
  readonly pendingWindowDays: number;
  readonly finishedAt: string;
}

/**
 * Counts of versions S3 refused to delete, by S3 error code; never counted as deleted, and never
 * taken as protected: the verification reads every version left and decides.
 */
export type RetainedByCode = Record<string, number>;

/** One item of the purge fan-out: a shard (key range) of the tenant prefix in one bucket copy. */
export interface PurgeShard {
  readonly tenantId: string;
  readonly dryRun: boolean;
  readonly target: BucketTarget;
  /**
   * The keys of `tenants/<id>/` this shard covers (a KeyRange; the shards of a bucket chain and
   * cover the prefix once), sealed: its bounds are object keys, which never enter the history.
   */
  readonly shard: Sealed;
  /**
   * The pace its deletes start at (PlanPurge: the bucket copy's partition rate shared by its
   * shards that run at once) or go on at (a slice: where its pacer left off). @default a fresh
   * pacer at S3's partition rate
   */
  readonly pace?: PaceCheckpoint;
}

/** Output of the PlanPurge step: the items of the Distributed Map. */
export interface PurgePlan {
  readonly shards: readonly PurgeShard[];
  /** Listing requests the Delimiter walk spent finding the shards. */
  readonly walkRequests: number;
}

/** Input and output of one PurgeBucket invocation over a shard; the child execution loops until `done`. */
export interface PurgeBucketState extends PurgeShard {
  /**
   * Checkpoints, sealed: the shard split for parallel listers, each range (RangeProgress) with the
   * markers of the last page whose deletes are all confirmed. Absent before the first invocation
   * and once done.
   */
  readonly checkpoint?: Sealed;
  readonly done: boolean;
  readonly invocations: number;
  readonly totals: {
    readonly deletedVersions: number;
    readonly deletedMarkers: number;
    readonly abortedUploads: number;
    readonly wouldDelete: number;
    readonly retained: RetainedByCode;
  };
  readonly startedAt: string;
  readonly finishedAt?: string;
}

/** What a child of the purge fan-out returns, its last slice's output cut to PURGE_SHARD_RESULT_FIELDS: one item of `$.buckets`. */
export type PurgeShardResult = Pick<PurgeBucketState, (typeof PURGE_SHARD_RESULT_FIELDS)[number]>;

/** Input and output of one PurgeTable invocation. */
export interface PurgeTableState {
  readonly tenantId: string;
  readonly dryRun: boolean;
  readonly target: TableTarget;
  readonly done: boolean;
  readonly invocations: number;
  readonly totals: { readonly deletedItems: number; readonly wouldDelete: number };
  readonly startedAt: string;
  readonly finishedAt?: string;
}

/** Input and output of one DeleteUsers invocation. */
export interface DeleteUsersState {
  readonly tenantId: string;
  readonly dryRun: boolean;
  readonly target: UserPoolTarget;
  readonly done: boolean;
  /** `group`: members of `tenant-<tenantId>`; `pool`: a walk over every user, by `custom:tenantId`. */
  readonly phase: 'group' | 'pool';
  /** Checkpoint of the pool walk (Cognito's opaque pagination token). */
  readonly token?: string;
  /** Users deleted in the current walk; a walk that deleted nobody ends the phase. */
  readonly walkDeleted: number;
  readonly invocations: number;
  readonly totals: { readonly deletedUsers: number; readonly wouldDelete: number; readonly groupDeleted: boolean };
  readonly startedAt: string;
  readonly finishedAt?: string;
}

/** What the Verify step found left of the tenant, store by store, from fresh listings. */
export interface VerificationResult {
  /**
   * True only when nothing of the tenant remains in any bucket of either region but versions
   * whose Object Lock state, read during the verification, shows S3 keeps them; no table item,
   * no portal user of the tenant (by attribute or group) and none without a well-formed tenant
   * id (it could be the tenant's), and the tenant key pending deletion or gone.
   */
  readonly clean: boolean;
  readonly buckets: ReadonlyArray<Omit<BucketInventory, 'protected' | 'leftover'> & { leftover: number }>;
  /** Versions S3 keeps on purpose (hashed keys, reason, retain-until), at most `LIST_LIMIT`. */
  readonly protectedVersions: readonly ProtectedVersion[];
  /** What is left unprotected (hashed keys), at most `LIST_LIMIT`; the bucket counts are exact. */
  readonly leftovers: readonly LeftoverVersion[];
  readonly tables: ReadonlyArray<{ table: string; region: string; items: number }>;
  readonly userPools: ReadonlyArray<{ userPoolId: string; region: string; users: number; groupMembers: number; unattributedUsers: number }>;
  readonly key: { keyState: string; deletionDate?: string };
  readonly checkedAt: string;
}

/** The error a failed step ended with, as Step Functions' Catch hands it on. */
export interface StepFailure {
  readonly error: string;
  readonly cause?: string;
}

/**
 * The workflow's state when it reaches the Receipt step. On the success path every part is
 * there; on the failure path (a step failed after its retries) only the parts done before the
 * failure, the failure itself, and the verification when it could still run.
 */
export interface TerminationState extends TerminationInput {
  readonly plan: TerminationPlan;
  readonly key?: KeyShredResult;
  readonly buckets?: readonly PurgeShardResult[];
  readonly tables?: readonly PurgeTableState[];
  readonly users?: readonly DeleteUsersState[];
  readonly verification?: VerificationResult;
  readonly failure?: StepFailure;
}

/** Output of the Receipt step and of the workflow. */
export interface ReceiptResult {
  readonly receiptBucket: string;
  readonly receiptKey: string;
  readonly verified: boolean;
  readonly dryRun: boolean;
}
