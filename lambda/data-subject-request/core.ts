import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditSink } from '../shared/audit-record';
import { writeJsonLines } from '../shared/json-lines-upload';
import { getRegisteredTenant } from '../shared/registered-tenant';
import { deleteVersions, S3_BATCH_LIMIT } from '../shared/s3-versions';
import { tenantPrefix } from '../shared/tenant-id';
import { tenantEncryptionContext } from '../shared/tenant-object';
import { deleteAccount, findAccounts, type PortalAccount } from './accounts';
import { findItems, type MatchedItem, type PersonalTable, redactItem } from './items';
import { eraseFromKey, keyHistories, scanKey, versionsLeft } from './log-objects';
import { type Mode, SubjectIdentifiers, validateSubjectRequest } from './subject';

/** Keys listed per class in a `find` answer; the counts are always complete. */
export const MAX_LISTED_KEYS = 1000;
/** DynamoDB's recovery period when a table sets none (`RecoveryPeriodInDays`, 1..35). */
export const DEFAULT_RECOVERY_DAYS = 35;

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
  readonly destination: { readonly bucket: string; readonly classKeyArn: string; readonly urlSeconds: number };
  readonly presign: (bucket: string, key: string, seconds: number) => Promise<string>;
  readonly audit: AuditSink;
  readonly newId: () => string;
  readonly now?: () => Date;
}

export interface LogClassResult {
  /** Keys with at least one version naming the subject. */
  objects: number;
  versions: number;
  lines: number;
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

export interface DataSubjectResult {
  readonly tenantId: string;
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
  readonly export?: { key: string; url: string; urlExpiresAt: string };
  readonly auditKey: string;
}

/**
 * Finds, exports or erases one data subject's personal data within one tenant (P-DSR): their
 * portal account, their lines in the tenant's log objects (every version, both regions) and the
 * personal attributes of table items naming them. Other subjects' data is left as it was.
 * Input is checked and the tenant looked up before anything is read, so a refused request
 * changes nothing. Erasure runs accounts last, so an interrupted erase can simply be repeated.
 */
export async function handleDataSubjectRequest(deps: DataSubjectDeps, raw: unknown): Promise<DataSubjectResult> {
  const req = validateSubjectRequest(raw);
  const tenant = await getRegisteredTenant(deps.ddb, deps.registryTable, req.tenantId);
  const tenantId = tenant.tenantId;
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const subject = new SubjectIdentifiers();
  subject.add(req.email);
  subject.add(req.userName);

  const accounts: PortalAccount[] = deps.cognito
    ? await findAccounts(deps.cognito.client, deps.cognito.userPoolId, tenantId, req)
    : [];
  // An account found by e-mail also names the subject by user name in the logs, and vice versa.
  for (const a of accounts) {
    subject.add(a.userName);
    subject.add(a.attributes.email);
  }

  const exported: unknown[] = accounts.map((a) => ({ kind: 'account', userName: a.userName, attributes: a.attributes }));
  const logs: Record<string, LogClassResult> = {};
  const remaining: RemainingVersion[] = [];
  for (const [dataClass, buckets] of Object.entries(deps.logBuckets)) {
    const result: LogClassResult = {
      objects: 0, versions: 0, lines: 0, keys: [], rewritten: 0,
      deletedVersions: { primary: 0, replica: 0 }, remainingVersions: { primary: 0, replica: 0 },
    };
    const leave = (copy: 'primary' | 'replica', key: string, versionId: string, reason: string) => {
      result.remainingVersions[copy]++;
      if (remaining.length < MAX_LISTED_KEYS) remaining.push({ dataClass, copy, key, versionId, reason });
    };
    for (const history of await keyHistories(deps.s3.primary, buckets.primary, tenantId)) {
      const scanned = await scanKey(deps.s3.primary, buckets.primary, history, subject);
      const dirty = scanned.filter((v) => v.matched.length > 0);
      if (dirty.length === 0) continue;
      const relativeKey = history.key.slice(tenantPrefix(tenantId).length);
      result.objects++;
      result.versions += dirty.length;
      result.lines += dirty.reduce((n, v) => n + v.matched.length, 0);
      if (result.keys.length < MAX_LISTED_KEYS) result.keys.push(relativeKey);
      if (req.mode === 'export') {
        for (const v of dirty) {
          for (const line of v.matched) {
            exported.push({ kind: 'log', dataClass, key: relativeKey, versionId: v.versionId, current: v.isLatest, record: JSON.parse(line) });
          }
        }
      }
      if (req.mode === 'erase') {
        const outcome = await eraseFromKey(deps.s3.primary, {
          bucket: buckets.primary, tenantId, tenantKeyArn: tenant.tenantKeyArn, history, scanned,
        });
        if (outcome.rewritten) result.rewritten++;
        result.deletedVersions.primary += outcome.deleted.length;
        const reasons = new Map<string, string>(outcome.retained.map((r) => [`primary ${r.versionId}`, r.reason]));
        const removed = new Set([...outcome.deleted, ...outcome.retained].map((v) => v.versionId));
        // What may stay: the redacted version and the clean versions the erase did not touch.
        const allowed = new Set([...history.versions.map((v) => v.versionId), ...history.deleteMarkers].filter((id) => !removed.has(id)));
        if (outcome.newVersionId) allowed.add(outcome.newVersionId);
        const proofs: [('primary' | 'replica'), S3Client, string][] = [['primary', deps.s3.primary, buckets.primary]];
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
              leave('replica', relativeKey, v.versionId, 'replication to the replica was pending at the erase; the copy can arrive after it, repeat the erase');
            }
          }
          proofs.push(['replica', deps.s3.replica, buckets.replica]);
        }
        for (const [copy, client, bucket] of proofs) {
          for (const versionId of await versionsLeft(client, bucket, history.key, allowed)) {
            leave(copy, relativeKey, versionId, reasons.get(`${copy} ${versionId}`) ?? `${copy}: still listed after its delete`);
          }
        }
      }
    }
    logs[dataClass] = result;
  }

  const items: Record<string, { found: number; redacted: number }> = {};
  const backups: BackupWindow[] = [];
  for (const [dataClass, spec] of Object.entries(deps.tables)) {
    const matched: MatchedItem[] = await findItems(deps.ddb, spec, tenantId, subject);
    let redacted = 0;
    for (const m of matched) {
      if (req.mode === 'export') exported.push({ kind: 'item', dataClass, key: m.key, item: m.item });
      if (req.mode === 'erase') {
        await redactItem(deps.ddb, spec, m);
        redacted++;
      }
    }
    items[dataClass] = { found: matched.length, redacted };
    if (req.mode === 'erase') {
      // Redaction changes the live item; point-in-time recovery can restore its earlier state for its window.
      const days = spec.pointInTimeRecoveryDays ?? DEFAULT_RECOVERY_DAYS;
      backups.push({
        dataClass, kind: 'dynamodb-point-in-time-recovery', days,
        until: new Date(now().getTime() + days * 86_400_000).toISOString(),
      });
    }
  }

  let deleted = 0;
  if (req.mode === 'erase' && deps.cognito) {
    for (const a of accounts) {
      await deleteAccount(deps.cognito.client, deps.cognito.userPoolId, a);
      deleted++;
    }
  }

  let exportOut: DataSubjectResult['export'];
  if (req.mode === 'export') {
    const key = `${tenantPrefix(tenantId)}data-subject-requests/${startedAt.slice(0, 10)}/${deps.newId()}.jsonl`;
    await writeJsonLines(
      deps.s3.primary,
      {
        bucket: deps.destination.bucket,
        key,
        kmsKeyArn: tenant.tenantKeyArn ?? deps.destination.classKeyArn,
        encryptionContext: tenant.tenantKeyArn ? tenantEncryptionContext(tenantId) : undefined,
      },
      async (upload) => {
        await upload.write({ kind: 'data-subject-export', format: 1, tenantId, createdAt: startedAt });
        for (const record of exported) await upload.write(record);
      },
    );
    const url = await deps.presign(deps.destination.bucket, key, deps.destination.urlSeconds);
    exportOut = { key, url, urlExpiresAt: new Date(now().getTime() + deps.destination.urlSeconds * 1000).toISOString() };
  }

  const accountsOut = { searched: deps.cognito !== undefined, found: accounts.length, deleted };
  const outcome = Object.values(logs).some((r) => r.remainingVersions.primary + r.remainingVersions.replica > 0) ? 'partial' : 'done';
  const auditKey = await deps.audit({
    operation: 'data-subject-request',
    tenantId,
    outcome,
    startedAt,
    finishedAt: now().toISOString(),
    // Counts only: the audit trail must not itself become a record of the person.
    details: {
      mode: req.mode,
      accounts: accountsOut,
      logs: Object.fromEntries(Object.entries(logs).map(([c, r]) => [c, { ...r, keys: undefined }])),
      items,
      backups,
    },
  });
  return { tenantId, mode: req.mode, outcome, remaining, backups, accounts: accountsOut, logs, items, export: exportOut, auditKey };
}
