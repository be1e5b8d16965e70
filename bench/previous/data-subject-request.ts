/**
 * The implementation before the checkpointed workflows, kept unchanged so the bench can measure
 * it beside the current one in the same run (npm run bench). Not deployed.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditSink } from '../../lambda/shared/audit-record';
import { writeJsonLines } from './json-lines-upload';
import { getRegisteredTenant } from '../../lambda/shared/registered-tenant';
import { deleteVersions, S3_BATCH_LIMIT } from '../../lambda/shared/s3-versions';
import { tenantPrefix } from '../../lambda/shared/tenant-id';
import { tenantEncryptionContext } from '../../lambda/shared/tenant-object';
import { deleteAccount, findAccounts, type PortalAccount } from '../../lambda/data-subject-request/accounts';
import { findItems, type MatchedItem, type PersonalTable, redactItem } from './items';
import { eraseFromKey, keyHistories, scanKey } from './log-objects';
import { type Mode, SubjectIdentifiers, validateSubjectRequest } from './subject';

/** Keys listed per class in a `find` answer; the counts are always complete. */
export const MAX_LISTED_KEYS = 1000;

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
}

export interface DataSubjectResult {
  readonly tenantId: string;
  readonly mode: Mode;
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
  for (const [dataClass, buckets] of Object.entries(deps.logBuckets)) {
    const result: LogClassResult = {
      objects: 0, versions: 0, lines: 0, keys: [], rewritten: 0, deletedVersions: { primary: 0, replica: 0 },
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
            exported.push({
              kind: 'log',
              dataClass,
              key: relativeKey,
              versionId: v.versionId,
              current: v.isLatest,
              record: JSON.parse(line),
            });
          }
        }
      }
      if (req.mode === 'erase') {
        const outcome = await eraseFromKey(deps.s3.primary, {
          bucket: buckets.primary, tenantId, tenantKeyArn: tenant.tenantKeyArn, history, scanned,
        });
        if (outcome.rewritten) result.rewritten++;
        result.deletedVersions.primary += outcome.deleted.length;
        if (buckets.replica) {
          // Replication keeps version ids, and version deletes do not replicate: delete the same ids there.
          for (let i = 0; i < outcome.deleted.length; i += S3_BATCH_LIMIT) {
            const r = await deleteVersions(deps.s3.replica, buckets.replica, outcome.deleted.slice(i, i + S3_BATCH_LIMIT));
            result.deletedVersions.replica += r.deletedVersions + r.deletedMarkers;
          }
        }
      }
    }
    logs[dataClass] = result;
  }

  const items: Record<string, { found: number; redacted: number }> = {};
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
  const auditKey = await deps.audit({
    operation: 'data-subject-request',
    tenantId,
    outcome: 'done',
    startedAt,
    finishedAt: now().toISOString(),
    // Counts only: the audit trail must not itself become a record of the person.
    details: {
      mode: req.mode,
      accounts: accountsOut,
      logs: Object.fromEntries(Object.entries(logs).map(([c, r]) => [c, { ...r, keys: undefined }])),
      items,
    },
  });
  return { tenantId, mode: req.mode, accounts: accountsOut, logs, items, export: exportOut, auditKey };
}
