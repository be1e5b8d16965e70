import { randomBytes } from 'node:crypto';
import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { kmsEnvelopeSealer } from '../../lambda/shared/kms-sealer';
import type {
  DeleteUsersState, KeyShredResult, PurgeBucketState, PurgePlan, PurgeTableState, StoreCatalog, VerificationResult,
} from '../../lambda/tenant-termination/contract';
import { planTermination } from '../../lambda/tenant-termination/plan';
import { planPurge } from '../../lambda/tenant-termination/plan-purge';
import { writeReceipt } from '../../lambda/tenant-termination/receipt';
import { LIST_LIMIT } from '../../lambda/tenant-termination/verify';

/**
 * The termination workflow's state at its largest points, built from the steps' own outputs
 * (Plan, PlanPurge with the envelope sealer, WriteReceipt) and, where a step needs real stores
 * to run, from values of its contract at their longest: what a deployment with longer names or
 * a tenant with deeper keys could hold, so what is measured bounds what a run carries.
 */

/** A name at its longest: S3's bucket limit, which the app's other names keep within. */
const NAME = 63;
/** A free-form level of the key layout (log type, device) at its longest, as the purge plan's shard bounds hold it. */
const KEY_LEVEL = 64;
/** An AWS region's name at its longest (`ap-southeast-5`). */
const REGION = 'ap-southeast-5';
/** What KMS returns as the CiphertextBlob of an AES_256 data key under a symmetric key. */
const KMS_DATA_KEY_BLOB_BYTES = 184;
/** Step Functions' bounds on a caught error's name and cause (States.ALL hands both on). */
const ERROR_CHARS = 256;
const CAUSE_CHARS = 32_768;
/** Counts at their largest: one child holds 3,213 slices of 200,000 versions (docs/termination.md). */
const BIG = 642_600_000;

const TENANT = `t${'0'.repeat(61)}9`;
const name = (kind: string, i: number) => `${kind}-${i}-`.padEnd(NAME, 'x');
const at = '2026-12-31T23:59:59.999Z';

/** How many of each store, and the shards per bucket copy. */
export interface StateShape {
  readonly bucketCopies: number;
  readonly tables: number;
  readonly userPools: number;
  readonly shardsPerBucket: number;
}

export function catalogOf(shape: StateShape): StoreCatalog {
  return {
    buckets: Array.from({ length: shape.bucketCopies }, (_, i) => ({
      bucket: name('bucket', i), region: REGION, dataClass: name('class', i),
    })),
    tables: Array.from({ length: shape.tables }, (_, i) => ({
      table: name('table', i), dataClass: name('class', i), sortKey: name('sort', i), region: REGION, verifyRegions: [REGION, REGION],
    })),
    userPools: Array.from({ length: shape.userPools }, (_, i) => ({ userPoolId: `${REGION}_${'p'.repeat(9)}${i}`, region: REGION })),
  };
}

/** An S3 whose tenant prefixes have one log type, one day and `devices` devices, each level's name at its longest. */
function layoutS3(devices: number): S3Client {
  const s3 = new S3Client({ region: REGION });
  const levels = ['l'.repeat(KEY_LEVEL), '2026', '12', '31'];
  mockClient(s3).on(ListObjectVersionsCommand).callsFake((input: { Prefix: string }) => {
    const depth = input.Prefix.split('/').length - 3;
    const children = depth < levels.length
      ? [levels[depth]]
      : Array.from({ length: devices }, (_, i) => `d${String(i).padStart(4, '0')}`.padEnd(KEY_LEVEL, 'd'));
    return { CommonPrefixes: children.map((c) => ({ Prefix: `${input.Prefix}${c}/` })), IsTruncated: false };
  });
  return s3;
}

function sealingKms(): KMSClient {
  const kms = new KMSClient({ region: REGION });
  mockClient(kms).on(GenerateDataKeyCommand).callsFake(() => ({
    Plaintext: randomBytes(32), CiphertextBlob: randomBytes(KMS_DATA_KEY_BLOB_BYTES),
  }));
  return kms;
}

/** The parts of the state, each as the step that writes it returns it. */
export interface StateParts {
  readonly input: { tenantId: string; dryRun: boolean };
  readonly plan: unknown;
  readonly key: KeyShredResult;
  readonly purgePlan: PurgePlan;
  /** Each shard's last slice output, as the child's loop ends with it (before the fan-out cuts it to its result). */
  readonly lastSlices: PurgeBucketState[];
  readonly tables: PurgeTableState[];
  readonly users: DeleteUsersState[];
  readonly verification: VerificationResult;
  /** The verification as a clean one reports it: without its lists of versions. */
  readonly cleanVerification: VerificationResult;
  /** What the failure path adds: the caught error and its description. */
  readonly failure: { caught: { Error: string; Cause: string }; failure: { error: string; cause: string } };
  readonly receipt: unknown;
}

export async function stateParts(shape: StateShape): Promise<StateParts> {
  const catalog = catalogOf(shape);
  const executionName = 'e'.repeat(80);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION }));
  mockClient(ddb).on(GetCommand).resolves({ Item: { status: 'terminated' } });
  const plan = await planTermination({ ddb, registryTable: name('registry', 0), catalog }, { input: { tenantId: TENANT }, executionName });
  const key: KeyShredResult = {
    keyState: 'PendingDeletion', keyArn: `arn:aws-us-gov:kms:${REGION}:123456789012:key/${'k'.repeat(36)}`, deletionDate: at,
    pendingWindowDays: 30, finishedAt: at,
  };
  const purgePlan = await planPurge(
    {
      s3: () => layoutS3(shape.shardsPerBucket * 2), catalog, shardsPerBucket: shape.shardsPerBucket, purgeConcurrency: 3,
      sealer: kmsEnvelopeSealer(sealingKms(), 'key'),
    },
    { tenantId: TENANT, dryRun: false, buckets: plan.buckets },
  );
  const retained = { AccessDenied: BIG, InternalError: BIG, InvalidArgument: BIG, ServiceUnavailable: BIG };
  const lastSlices = purgePlan.shards.map((shard): PurgeBucketState => ({
    ...shard, done: true, invocations: 3213, startedAt: at, finishedAt: at,
    totals: { deletedVersions: BIG, deletedMarkers: BIG, abortedUploads: BIG, wouldDelete: BIG, retained },
  }));
  const tables = catalog.tables.map((target): PurgeTableState => ({
    tenantId: TENANT, dryRun: false, target, done: true, invocations: 3213, startedAt: at, finishedAt: at,
    totals: { deletedItems: BIG, wouldDelete: BIG },
  }));
  const users = catalog.userPools.map((target): DeleteUsersState => ({
    tenantId: TENANT, dryRun: false, target, done: true, phase: 'pool', walkDeleted: BIG, invocations: 3213, startedAt: at, finishedAt: at,
    totals: { deletedUsers: BIG, wouldDelete: BIG, groupDeleted: true },
  }));
  const version = (i: number) => ({
    bucket: name('bucket', i), region: REGION, key: `sha256:${'f'.repeat(64)}`, versionId: 'v'.repeat(32),
  });
  const unreadable = `legal hold unreadable (${'E'.repeat(32)}); retention unreadable (${'E'.repeat(32)})`;
  const cleanVerification: VerificationResult = {
    clean: false,
    buckets: catalog.buckets.map((b) => ({
      bucket: b.bucket, region: b.region, versions: BIG, deleteMarkers: BIG, uploads: BIG, protectedVersions: BIG, leftover: BIG,
    })),
    protectedVersions: [],
    leftovers: [],
    tables: catalog.tables.flatMap((t) => t.verifyRegions.map((region) => ({ table: t.table, region, items: BIG }))),
    userPools: catalog.userPools.map((p) => ({ ...p, users: BIG, groupMembers: BIG, unattributedUsers: BIG })),
    key: { keyState: 'PendingDeletion', deletionDate: at },
    checkedAt: at,
  };
  const verification: VerificationResult = {
    ...cleanVerification,
    protectedVersions: Array.from({ length: LIST_LIMIT }, (_, i) => ({
      ...version(i), reasons: ['legal-hold', 'retention-compliance'] as const, retainUntil: at,
    })),
    leftovers: Array.from({ length: LIST_LIMIT }, (_, i) => ({ ...version(i), deleteMarker: false, detail: unreadable })),
  };
  const failure = {
    caught: { Error: 'E'.repeat(ERROR_CHARS), Cause: 'c'.repeat(CAUSE_CHARS) },
    failure: { error: 'E'.repeat(ERROR_CHARS), cause: 'c'.repeat(CAUSE_CHARS) },
  };
  const s3 = new S3Client({ region: REGION });
  mockClient(s3).on(PutObjectCommand).resolves({});
  const receipt = await writeReceipt(
    { s3, receiptBucket: name('receipts', 0), ddb, registryTable: name('registry', 0), pitrRecoveryDays: 35, now: () => new Date(at) },
    { tenantId: TENANT, dryRun: true, plan: { ...plan, dryRun: true }, key, verification, failure: failure.failure },
  );
  return {
    input: { tenantId: TENANT, dryRun: false }, plan, key, purgePlan, lastSlices, tables, users,
    verification, cleanVerification, failure, receipt,
  };
}

/** Bytes of a state as Step Functions counts them: its JSON, UTF-8. */
export function bytesOf(state: unknown): number {
  return Buffer.byteLength(JSON.stringify(state), 'utf8');
}
