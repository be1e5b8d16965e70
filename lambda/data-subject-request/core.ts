import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditSink } from '../shared/audit-record';
import { abortArchive, type ArchiveTarget, CheckpointedUpload, type UploadCheckpoint } from '../shared/checkpointed-upload';
import { InputError } from '../shared/input-error';
import { getRegisteredTenant } from '../shared/registered-tenant';
import { deleteVersions, S3_BATCH_LIMIT } from '../shared/s3-versions';
import { tenantPrefix, validateTenantId } from '../shared/tenant-id';
import { tenantEncryptionContext } from '../shared/tenant-object';
import { type Executions, mapConcurrent, type StepBudget, validateRequestId } from '../shared/workflow';
import type { ExportDestination } from '../tenant-export/core';
import { deleteAccount, findAccounts } from './accounts';
import { findItems, type PersonalTable, redactItem } from './items';
import { eraseFromKey, type KeyHistory, listHistories, type ScannedVersion, scanVersion, versionsLeft } from './log-objects';
import { type Mode, SubjectIdentifiers, validateSubjectRequest } from './subject';

/** Keys and remaining versions listed per class in an answer; the counts are always complete. */
export const MAX_LISTED_KEYS = 200;
/** DynamoDB's recovery period when a table sets none (`RecoveryPeriodInDays`, 1..35). */
export const DEFAULT_RECOVERY_DAYS = 35;
/** Versions read at once; memory stays below this many objects. */
export const READ_CONCURRENCY = 16;

/**
 * Seals the subject's identifiers for the workflow's state (KMS in the adapter): execution
 * histories and logs then hold ciphertext, never the person's e-mail or user name.
 */
export interface SubjectSealer {
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  open(ciphertext: string, context: Record<string, string>): Promise<string>;
}

export interface DataSubjectDeps {
  readonly s3: { readonly primary: S3Client; readonly replica: S3Client };
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
  /**
   * The portal user pool; without it, accounts are not searched and the answer says so.
   * @default none
   */
  readonly cognito?: { readonly client: CognitoIdentityProviderClient; readonly userPoolId: string };
  /** Log buckets holding JSON-lines records, by data class, with the replica's name when replicated. */
  readonly logBuckets: Readonly<Record<string, { readonly primary: string; readonly replica?: string }>>;
  readonly tables: Readonly<Record<string, PersonalTable>>;
  readonly destination: ExportDestination;
  readonly presign: (bucket: string, key: string, seconds: number) => Promise<string>;
  readonly audit: AuditSink;
  readonly executions: Executions;
  readonly sealer: SubjectSealer;
  readonly budget: StepBudget;
  /** @default READ_CONCURRENCY */
  readonly readConcurrency?: number;
  /** Versions per listing page; tests make it small. @default 1000 */
  readonly pageSize?: number;
  readonly now?: () => Date;
}

export interface LogClassResult {
  /** Keys with at least one version naming the subject. */
  objects: number;
  versions: number;
  lines: number;
  /** Up to MAX_LISTED_KEYS keys, below the tenant prefix. */
  keys: string[];
  rewritten: number;
  deletedVersions: { primary: number; replica: number };
  /** Versions of erased keys still present after the erase, per copy (see `DataSubjectResult.remaining`). */
  remainingVersions: { primary: number; replica: number };
}

/** A version an erase should have removed and did not, and why. */
export interface RemainingVersion {
  readonly dataClass: string;
  readonly copy: 'primary' | 'replica';
  /** Key below the tenant prefix. */
  readonly key: string;
  readonly versionId: string;
  readonly reason: string;
}

/** Until when a store's backups may still hold the subject's data after an erase. */
export interface BackupWindow {
  readonly dataClass: string;
  readonly kind: 'dynamodb-point-in-time-recovery';
  readonly days: number;
  readonly until: string;
}

/** The workflow's checkpoint: counts and cursors, the subject sealed. */
export interface DataSubjectState {
  readonly requestId: string;
  readonly tenantId: string;
  readonly mode: Mode;
  readonly startedAt: string;
  readonly tenantKeyArn?: string;
  /** The subject's identifiers and accounts, sealed (see SubjectSealer). */
  readonly subject: string;
  readonly accounts: { searched: boolean; found: number };
  readonly archive?: { key: string; kmsKeyArn: string; tenantKeyed: boolean; upload: UploadCheckpoint };
  /** Index of the log class being scanned; past the last, the tables are next. */
  readonly logClass: number;
  /** The last key of that class handled completely. */
  readonly afterKey?: string;
  readonly logs: Record<string, LogClassResult>;
  readonly remaining: RemainingVersion[];
  readonly items?: Record<string, { found: number; redacted: number }>;
  readonly backups: BackupWindow[];
  readonly done: boolean;
}

export interface DataSubjectResult {
  readonly tenantId: string;
  readonly requestId: string;
  readonly mode: Mode;
  /**
   * `done` only when every version an erase had to remove is gone in both regions (listed again
   * to prove it); `partial` when some remain, each named in `remaining` with the reason.
   */
  readonly outcome: 'done' | 'partial';
  /** Up to MAX_LISTED_KEYS versions an erase left; the per-class `remainingVersions` counts are complete. */
  readonly remaining: RemainingVersion[];
  /** After an erase: until when each table's point-in-time recovery may still restore the subject's attributes. */
  readonly backups: BackupWindow[];
  readonly accounts: { searched: boolean; found: number; deleted: number };
  readonly logs: Record<string, LogClassResult>;
  readonly items: Record<string, { found: number; redacted: number }>;
  /** The archive of an export; the link comes with `status`, once the archive is complete. */
  readonly export?: { key: string; lines: number };
  readonly auditKey: string;
}

export interface DataSubjectStatus {
  readonly tenantId: string;
  readonly requestId: string;
  readonly status: string;
  readonly alreadyStarted?: boolean;
  readonly result?: DataSubjectResult;
  readonly url?: string;
  readonly urlExpiresAt?: string;
  readonly error?: string;
}

interface Sealed {
  readonly emails: string[];
  readonly userNames: string[];
  /** Portal accounts found, for the erase's last step. */
  readonly accounts: string[];
}

export function requestExecutionName(tenantId: string, requestId: string): string {
  return `dsr-${tenantId}-${requestId}`.slice(0, 80);
}

const sealContext = (tenantId: string, requestId: string) => ({ purpose: 'data-subject-request', tenantId, requestId });

/**
 * Starts a data-subject request (P-DSR): checks it completely and the tenant, then starts the
 * workflow execution named after the tenant and the caller's request id, with the subject sealed.
 * A retried request gets the first execution back and starts nothing new.
 */
export async function startDataSubjectRequest(deps: DataSubjectDeps, raw: unknown): Promise<DataSubjectStatus> {
  const req = validateSubjectRequest(raw);
  const requestId = validateRequestId((raw as Record<string, unknown>).requestId);
  const tenant = await getRegisteredTenant(deps.ddb, deps.registryTable, req.tenantId);
  const sealed: Sealed = { emails: req.email ? [req.email] : [], userNames: req.userName ? [req.userName] : [], accounts: [] };
  const subject = await deps.sealer.seal(JSON.stringify(sealed), sealContext(tenant.tenantId, requestId));
  const started = await deps.executions.start(requestExecutionName(tenant.tenantId, requestId), {
    tenantId: tenant.tenantId, requestId, mode: req.mode, subject,
  });
  return { tenantId: tenant.tenantId, requestId, status: 'RUNNING', alreadyStarted: started.alreadyStarted };
}

/** The request's status; an export's link is signed only once its archive is complete. */
export async function dataSubjectRequestStatus(deps: DataSubjectDeps, raw: unknown): Promise<DataSubjectStatus> {
  const req = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const tenantId = validateTenantId(req.tenantId);
  const requestId = validateRequestId(req.requestId);
  const execution = await deps.executions.describe(requestExecutionName(tenantId, requestId));
  if (!execution) throw new InputError('requestId', `no data-subject request '${requestId}' of tenant '${tenantId}'`);
  if (execution.status !== 'SUCCEEDED') return { tenantId, requestId, status: execution.status, error: execution.error };
  const result = execution.output as DataSubjectResult;
  if (!result.export) return { tenantId, requestId, status: 'SUCCEEDED', result };
  const now = deps.now ?? (() => new Date());
  // Taken before signing: the link (and the session that signs it) lasts at least until then.
  const urlExpiresAt = new Date(now().getTime() + deps.destination.urlSeconds * 1000).toISOString();
  const url = await deps.presign(deps.destination.bucket, result.export.key, deps.destination.urlSeconds);
  return { tenantId, requestId, status: 'SUCCEEDED', result, url, urlExpiresAt };
}

/** First step: the tenant again, the subject's portal accounts (which add identifiers), the archive's header. */
export async function beginDataSubjectRequest(
  deps: DataSubjectDeps,
  input: { tenantId: unknown; requestId: unknown; mode: Mode; subject: string },
): Promise<DataSubjectState> {
  const tenant = await getRegisteredTenant(deps.ddb, deps.registryTable, input.tenantId);
  const requestId = validateRequestId(input.requestId);
  const context = sealContext(tenant.tenantId, requestId);
  const request = JSON.parse(await deps.sealer.open(input.subject, context)) as Sealed;
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const accounts = deps.cognito
    ? await findAccounts(deps.cognito.client, deps.cognito.userPoolId, tenant.tenantId, {
        email: request.emails[0],
        userName: request.userNames[0],
      })
    : [];
  // An account found by e-mail also names the subject by user name in the logs, and vice versa.
  const emails = new Set(request.emails);
  const userNames = new Set(request.userNames);
  for (const a of accounts) {
    userNames.add(a.userName);
    if (a.attributes.email) emails.add(a.attributes.email);
  }
  const sealed: Sealed = { emails: [...emails], userNames: [...userNames], accounts: accounts.map((a) => a.userName) };
  let archive: DataSubjectState['archive'];
  if (input.mode === 'export') {
    const key = `${tenantPrefix(tenant.tenantId)}data-subject-requests/${startedAt.slice(0, 10)}/${requestId}.jsonl`;
    const kmsKeyArn = tenant.tenantKeyArn ?? deps.destination.classKeyArn;
    const target = archiveTarget(deps, tenant.tenantId, { key, kmsKeyArn, tenantKeyed: tenant.tenantKeyArn !== undefined });
    const upload = await CheckpointedUpload.resume(deps.s3.primary, target, await CheckpointedUpload.begin(deps.s3.primary, target));
    await upload.write({ kind: 'data-subject-export', format: 1, tenantId: tenant.tenantId, createdAt: startedAt });
    for (const a of accounts) await upload.write({ kind: 'account', userName: a.userName, attributes: a.attributes });
    archive = { key, kmsKeyArn, tenantKeyed: tenant.tenantKeyArn !== undefined, upload: await upload.suspend() };
  }
  return {
    requestId, tenantId: tenant.tenantId, mode: input.mode, startedAt, tenantKeyArn: tenant.tenantKeyArn,
    subject: await deps.sealer.seal(JSON.stringify(sealed), context),
    accounts: { searched: deps.cognito !== undefined, found: accounts.length },
    archive, logClass: 0, logs: {}, remaining: [], backups: [], done: false,
  };
}

/**
 * One step: scans the log classes page by page, whole keys at a time (a key's versions decide
 * together), reading `readConcurrency` versions at once, and then the tables. Returns the
 * checkpoint: the last key handled completely, so a step retried after a crash goes on from there
 * and an erase already applied to a key finds it clean.
 */
export async function continueDataSubjectRequest(deps: DataSubjectDeps, state: DataSubjectState): Promise<DataSubjectState> {
  const subject = await openSubject(deps, state);
  const upload = state.archive
    ? await CheckpointedUpload.resume(deps.s3.primary, archiveTarget(deps, state.tenantId, state.archive), state.archive.upload)
    : undefined;
  const classes = Object.entries(deps.logBuckets);
  const logs = structuredClone(state.logs);
  const remaining = [...state.remaining];
  let { logClass, afterKey } = state;
  let items = state.items;
  const backups = [...state.backups];
  let pages = 0;
  while (logClass < classes.length && pages < deps.budget.pages && !deps.budget.timeUp()) {
    const [dataClass, buckets] = classes[logClass];
    const result = (logs[dataClass] ??= {
      objects: 0, versions: 0, lines: 0, keys: [], rewritten: 0,
      deletedVersions: { primary: 0, replica: 0 }, remainingVersions: { primary: 0, replica: 0 },
    });
    // List from the last key handled; a key that goes on past a page is handled once complete.
    let marker: { keyMarker?: string; versionIdMarker?: string } = { keyMarker: afterKey };
    let pending: KeyHistory | undefined;
    let finished = false;
    let handledThisCall = false;
    while (!finished && (pages < deps.budget.pages || !handledThisCall) && !deps.budget.timeUp()) {
      const page = await listHistories(deps.s3.primary, {
        bucket: buckets.primary,
        tenantId: state.tenantId,
        ...marker,
        maxKeys: deps.pageSize,
      });
      pages++;
      const histories = page.histories.filter(
        (h) => afterKey === undefined || Buffer.compare(Buffer.from(h.key), Buffer.from(afterKey)) > 0,
      );
      if (pending) {
        // The key held back from the last page goes on here, or was complete after all.
        const first = histories[0]?.key === pending.key ? histories.shift()! : { versions: [], deleteMarkers: [] };
        histories.unshift({
          key: pending.key,
          versions: [...pending.versions, ...first.versions],
          deleteMarkers: [...pending.deleteMarkers, ...first.deleteMarkers],
        });
      }
      pending = page.next ? histories.pop() : undefined;
      if (histories.length > 0) {
        const emptied = await handleKeys(deps, state, { dataClass, buckets, subject, upload, result, remaining }, histories);
        // The checkpoint is the last key still present: a listing resumes from it on any S3
        // implementation (moto mis-resumes after a key marker that no longer exists). Keys after it
        // that an erase emptied are gone; the others are scanned again and found clean.
        afterKey = histories.map((h) => h.key).filter((k) => !emptied.has(k)).at(-1) ?? afterKey;
        handledThisCall = true;
      }
      if (page.next) marker = page.next;
      else finished = true;
    }
    if (finished) {
      logClass++;
      afterKey = undefined;
    }
  }
  if (logClass >= classes.length && !items && !deps.budget.timeUp()) {
    items = {};
    const now = deps.now ?? (() => new Date());
    for (const [dataClass, spec] of Object.entries(deps.tables)) {
      const matched = await findItems(deps.ddb, spec, state.tenantId, subject);
      let redacted = 0;
      for (const m of matched) {
        if (state.mode === 'export') await upload!.write({ kind: 'item', dataClass, key: m.key, item: m.item });
        if (state.mode === 'erase') {
          await redactItem(deps.ddb, spec, m);
          redacted++;
        }
      }
      items[dataClass] = { found: matched.length, redacted };
      if (state.mode === 'erase') {
        // Redaction changes the live item; point-in-time recovery can restore its earlier state for its window.
        const days = spec.pointInTimeRecoveryDays ?? DEFAULT_RECOVERY_DAYS;
        backups.push({
          dataClass,
          kind: 'dynamodb-point-in-time-recovery',
          days,
          until: new Date(now().getTime() + days * 86_400_000).toISOString(),
        });
      }
    }
  }
  const archive = state.archive && upload ? { ...state.archive, upload: await upload.suspend() } : state.archive;
  return { ...state, archive, logClass, afterKey, logs, remaining, items, backups, done: items !== undefined };
}

interface ClassContext {
  readonly dataClass: string;
  readonly buckets: { readonly primary: string; readonly replica?: string };
  readonly subject: SubjectIdentifiers;
  readonly upload?: CheckpointedUpload;
  readonly result: LogClassResult;
  readonly remaining: RemainingVersion[];
}

/** Scans complete keys in windows of `readConcurrency` versions, then exports or erases what names the subject. */
async function handleKeys(
  deps: DataSubjectDeps,
  state: DataSubjectState,
  ctx: ClassContext,
  histories: KeyHistory[],
): Promise<Set<string>> {
  const emptied = new Set<string>();
  const concurrency = deps.readConcurrency ?? READ_CONCURRENCY;
  const prefix = tenantPrefix(state.tenantId);
  for (let i = 0; i < histories.length;) {
    // A window of whole keys holding about `concurrency` versions: memory is bounded by the window.
    const window: KeyHistory[] = [];
    let versions = 0;
    while (i < histories.length && (window.length === 0 || versions + histories[i].versions.length <= concurrency)) {
      versions += histories[i].versions.length;
      window.push(histories[i++]);
    }
    const reads = window.flatMap((h) => h.versions.map((v) => ({ h, v })));
    const scannedFlat = await mapConcurrent(reads, concurrency, ({ h, v }) =>
      scanVersion(deps.s3.primary, ctx.buckets.primary, h.key, v, ctx.subject),
    );
    const scannedByKey = new Map<string, ScannedVersion[]>();
    reads.forEach(({ h }, j) => scannedByKey.set(h.key, [...(scannedByKey.get(h.key) ?? []), scannedFlat[j]]));
    const dirty = window.filter((h) => (scannedByKey.get(h.key) ?? []).some((v) => v.matched.length > 0));
    for (const h of dirty) {
      const scanned = scannedByKey.get(h.key)!;
      const relativeKey = h.key.slice(prefix.length);
      ctx.result.objects++;
      ctx.result.versions += scanned.filter((v) => v.matched.length > 0).length;
      ctx.result.lines += scanned.reduce((n, v) => n + v.matched.length, 0);
      if (ctx.result.keys.length < MAX_LISTED_KEYS) ctx.result.keys.push(relativeKey);
      if (ctx.upload) {
        for (const v of scanned) {
          for (const line of v.matched) {
            await ctx.upload.write({
              kind: 'log',
              dataClass: ctx.dataClass,
              key: relativeKey,
              versionId: v.versionId,
              current: v.isLatest,
              record: JSON.parse(line),
            });
          }
        }
      }
    }
    if (state.mode === 'erase') {
      const gone = await mapConcurrent(dirty, Math.max(1, Math.floor(concurrency / 4)), (h) =>
        eraseKey(deps, state, ctx, h, scannedByKey.get(h.key)!),
      );
      dirty.forEach((h, j) => gone[j] && emptied.add(h.key));
    }
  }
  return emptied;
}

/**
 * Erases the subject from one key in both regions and proves it by listing the key again in
 * each: every version other than the redacted one and the clean ones left alone is reported as
 * remaining, with S3's refusal, a replication still pending, or "still listed" as the reason.
 * Returns whether the key is gone from the primary bucket.
 */
async function eraseKey(
  deps: DataSubjectDeps,
  state: DataSubjectState,
  ctx: ClassContext,
  history: KeyHistory,
  scanned: ScannedVersion[],
): Promise<boolean> {
  const { result, buckets, dataClass } = ctx;
  const relativeKey = history.key.slice(tenantPrefix(state.tenantId).length);
  const leave = (copy: 'primary' | 'replica', versionId: string, reason: string) => {
    result.remainingVersions[copy]++;
    if (ctx.remaining.length < MAX_LISTED_KEYS) ctx.remaining.push({ dataClass, copy, key: relativeKey, versionId, reason });
  };
  const outcome = await eraseFromKey(deps.s3.primary, {
    bucket: buckets.primary,
    tenantId: state.tenantId,
    tenantKeyArn: state.tenantKeyArn,
    history,
    scanned,
  });
  if (outcome.rewritten) result.rewritten++;
  result.deletedVersions.primary += outcome.deleted.length;
  const reasons = new Map<string, string>(outcome.retained.map((r) => [`primary ${r.versionId}`, r.reason]));
  const removed = new Set([...outcome.deleted, ...outcome.retained].map((v) => v.versionId));
  // What may stay: the redacted version and the clean versions the erase did not touch.
  const allowed = new Set([...history.versions.map((v) => v.versionId), ...history.deleteMarkers].filter((id) => !removed.has(id)));
  if (outcome.newVersionId) allowed.add(outcome.newVersionId);
  const proofs: ['primary' | 'replica', S3Client, string][] = [['primary', deps.s3.primary, buckets.primary]];
  if (buckets.replica) {
    // Replication keeps version ids, and version deletes do not replicate: delete the same ids there.
    for (let i = 0; i < outcome.deleted.length; i += S3_BATCH_LIMIT) {
      const r = await deleteVersions(deps.s3.replica, buckets.replica, outcome.deleted.slice(i, i + S3_BATCH_LIMIT));
      result.deletedVersions.replica += r.deletedVersions + r.deletedMarkers;
      for (const refused of r.retained) reasons.set(`replica ${refused.versionId}`, `replica: ${refused.reason}`);
    }
    // A version still on its way to the replica arrives after the delete: the erase is not done.
    for (const v of scanned) {
      if (removed.has(v.versionId) && v.replicationStatus === 'PENDING') {
        leave(
          'replica',
          v.versionId,
          'replication to the replica was pending at the erase; the copy can arrive after it, repeat the erase',
        );
      }
    }
    proofs.push(['replica', deps.s3.replica, buckets.replica]);
  }
  for (const [copy, client, bucket] of proofs) {
    for (const versionId of await versionsLeft(client, bucket, history.key, allowed)) {
      leave(copy, versionId, reasons.get(`${copy} ${versionId}`) ?? `${copy}: still listed after its delete`);
    }
  }
  // Whether the key is gone from the primary (its checkpoint must not point at it).
  return allowed.size === 0 && outcome.retained.length === 0;
}

/** Last step: an erase deletes the portal accounts (last, so an interrupted erase can be repeated); an export completes its archive. */
export async function finishDataSubjectRequest(deps: DataSubjectDeps, state: DataSubjectState): Promise<DataSubjectResult> {
  if (!state.done) throw new Error('finishDataSubjectRequest: the request has not scanned every store yet');
  const sealed = JSON.parse(await deps.sealer.open(state.subject, sealContext(state.tenantId, state.requestId))) as Sealed;
  let deleted = 0;
  if (state.mode === 'erase' && deps.cognito) {
    for (const userName of sealed.accounts) {
      try {
        await deleteAccount(deps.cognito.client, deps.cognito.userPoolId, { userName, attributes: {} });
      } catch (err) {
        // Deleted by an earlier attempt of this step: the goal, no account, is met.
        if ((err as { name?: string }).name !== 'UserNotFoundException') throw err;
      }
      deleted++;
    }
  }
  let exported: DataSubjectResult['export'];
  if (state.archive) {
    const upload = await CheckpointedUpload.resume(
      deps.s3.primary,
      archiveTarget(deps, state.tenantId, state.archive),
      state.archive.upload,
    );
    exported = { key: state.archive.key, lines: (await upload.complete()).lines };
  }
  const now = deps.now ?? (() => new Date());
  const accounts = { ...state.accounts, deleted };
  const outcome = Object.values(state.logs).some((r) => r.remainingVersions.primary + r.remainingVersions.replica > 0) ? 'partial' : 'done';
  const items = state.items ?? {};
  const auditKey = await deps.audit({
    operation: 'data-subject-request', tenantId: state.tenantId, outcome, startedAt: state.startedAt, finishedAt: now().toISOString(),
    // A Finish retried after its record was written writes the same record, not a second one.
    idempotencyKey: state.requestId,
    // Counts only: the audit trail must not itself become a record of the person.
    details: {
      requestId: state.requestId, mode: state.mode, accounts,
      logs: Object.fromEntries(Object.entries(state.logs).map(([c, r]) => [c, { ...r, keys: undefined }])),
      items, backups: state.backups,
    },
  });
  return {
    tenantId: state.tenantId, requestId: state.requestId, mode: state.mode, outcome, remaining: state.remaining, backups: state.backups,
    accounts, logs: state.logs, items, export: exported, auditKey,
  };
}

/** The failure path: an unfinished archive is aborted; the audit record says what was done before the failure. */
export async function failDataSubjectRequest(
  deps: DataSubjectDeps,
  state: Partial<DataSubjectState> | undefined,
  input: { tenantId: string; requestId: string; mode?: string; error?: string },
): Promise<void> {
  if (state?.archive)
    await abortArchive(deps.s3.primary, archiveTarget(deps, input.tenantId, state.archive), state.archive.upload.uploadId);
  const now = deps.now ?? (() => new Date());
  await deps.audit({
    operation: 'data-subject-request', tenantId: validateTenantId(input.tenantId), outcome: 'failed',
    startedAt: state?.startedAt ?? now().toISOString(), finishedAt: now().toISOString(),
    idempotencyKey: /^[A-Za-z0-9_-]+$/.test(input.requestId) ? input.requestId : undefined,
    details: {
      requestId: input.requestId, mode: input.mode, error: input.error, archiveAborted: state?.archive !== undefined,
      logs: Object.fromEntries(Object.entries(state?.logs ?? {}).map(([c, r]) => [c, { ...r, keys: undefined }])),
    },
  });
}

async function openSubject(deps: DataSubjectDeps, state: DataSubjectState): Promise<SubjectIdentifiers> {
  const sealed = JSON.parse(await deps.sealer.open(state.subject, sealContext(state.tenantId, state.requestId))) as Sealed;
  const subject = new SubjectIdentifiers();
  for (const id of [...sealed.emails, ...sealed.userNames]) subject.add(id);
  return subject;
}

function archiveTarget(
  deps: DataSubjectDeps,
  tenantId: string,
  a: { key: string; kmsKeyArn: string; tenantKeyed: boolean },
): ArchiveTarget {
  return {
    bucket: deps.destination.bucket,
    key: a.key,
    kmsKeyArn: a.kmsKeyArn,
    encryptionContext: a.tenantKeyed ? tenantEncryptionContext(tenantId) : undefined,
  };
}
