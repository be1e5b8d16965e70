import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditSink } from '../shared/audit-record';
import { abortArchive, type ArchiveTarget, CheckpointedUpload, type UploadCheckpoint } from '../shared/checkpointed-upload';
import { requiredEnv } from '../shared/env';
import { InputError } from '../shared/input-error';
import { getRegisteredTenant } from '../shared/registered-tenant';
import { listTenantObjectPage, objectChunks } from '../shared/tenant-listing';
import { tenantPrefix, validateTenantId } from '../shared/tenant-id';
import { tenantEncryptionContext } from '../shared/tenant-object';
import { type Executions, mapConcurrent, type StepBudget, validateRequestId } from '../shared/workflow';
import { ENV } from '../../lib/vocabulary';

/** Raw bytes per archive line; base64 makes a line about 4/3 of this. */
export const OBJECT_CHUNK_BYTES = 3 * 1024 * 1024;
/** Objects read at once; memory stays below this many chunks. */
export const READ_CONCURRENCY = 16;

/** Where a tenant's archive goes and how it is handed over. */
export interface ExportDestination {
  readonly bucket: string;
  /** Class key of the exports bucket, used when the tenant has no key of its own. */
  readonly classKeyArn: string;
  /** Seconds the download link stays valid. */
  readonly urlSeconds: number;
}

/** The export destination as the CDK wiring hands it to every handler that writes archives. */
export function exportDestinationFromEnv(): ExportDestination {
  return {
    bucket: requiredEnv(ENV.exportsBucket),
    classKeyArn: requiredEnv(ENV.exportsKeyArn),
    urlSeconds: Number(requiredEnv(ENV.downloadUrlSeconds)),
  };
}

export interface TenantExportDeps {
  readonly s3: S3Client;
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
  /** Tenant-data buckets to export, by data class. */
  readonly buckets: Readonly<Record<string, string>>;
  /** Tenant-data tables to export, by data class. */
  readonly tables: Readonly<Record<string, string>>;
  readonly destination: ExportDestination;
  /** Signs a GET of the archive; injected so the core needs no credentials. */
  readonly presign: (bucket: string, key: string, seconds: number) => Promise<string>;
  readonly audit: AuditSink;
  readonly executions: Executions;
  readonly budget: StepBudget;
  /** @default READ_CONCURRENCY */
  readonly readConcurrency?: number;
  /** Part size of the archive upload; tests make it small. @default PART_BYTES */
  readonly partBytes?: number;
  readonly now?: () => Date;
}

/** The workflow's checkpoint: what is written, where the next step goes on. No object content. */
export interface ExportState {
  readonly tenantId: string;
  readonly exportId: string;
  readonly key: string;
  readonly startedAt: string;
  readonly kmsKeyArn: string;
  readonly tenantKeyed: boolean;
  readonly upload: UploadCheckpoint;
  /** Index into the buckets, then the tables, in declaration order. */
  readonly source: number;
  /** Objects: the last key archived; tables: the last evaluated key. */
  readonly after?: string;
  readonly counts: { objects: number; objectBytes: number; items: number };
  readonly done: boolean;
}

export interface TenantExportResult {
  readonly tenantId: string;
  readonly exportId: string;
  readonly bucket: string;
  readonly key: string;
  readonly counts: { objects: number; objectBytes: number; items: number; lines: number };
  readonly auditKey: string;
}

/** The answer to `start` and `status`: the link only once the archive is complete. */
export interface ExportStatus {
  readonly tenantId: string;
  readonly exportId: string;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE' | string;
  readonly alreadyStarted?: boolean;
  readonly result?: TenantExportResult;
  readonly url?: string;
  readonly urlExpiresAt?: string;
  readonly error?: string;
}

export function exportExecutionName(tenantId: string, exportId: string): string {
  return `export-${tenantId}-${exportId}`.slice(0, 80);
}

/**
 * Starts an export (P-PORTABILITY) as a workflow execution named after the tenant and the
 * caller's request id, after checking the tenant: a retried request returns the execution the
 * first one started and creates no second archive.
 */
export async function startExport(deps: TenantExportDeps, raw: unknown): Promise<ExportStatus> {
  const req = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const exportId = validateRequestId(req.requestId);
  const tenant = await getRegisteredTenant(deps.ddb, deps.registryTable, req.tenantId);
  const started = await deps.executions.start(exportExecutionName(tenant.tenantId, exportId), { tenantId: tenant.tenantId, exportId });
  return { tenantId: tenant.tenantId, exportId, status: 'RUNNING', alreadyStarted: started.alreadyStarted };
}

/** The export's status; the download link is signed only when the workflow completed the archive. */
export async function exportStatus(deps: TenantExportDeps, raw: unknown): Promise<ExportStatus> {
  const req = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const tenantId = validateTenantId(req.tenantId);
  const exportId = validateRequestId(req.requestId);
  const execution = await deps.executions.describe(exportExecutionName(tenantId, exportId));
  if (!execution) throw new InputError('requestId', `no export '${exportId}' of tenant '${tenantId}'`);
  if (execution.status !== 'SUCCEEDED') return { tenantId, exportId, status: execution.status, error: execution.error };
  const result = execution.output as TenantExportResult;
  const now = deps.now ?? (() => new Date());
  // Taken before signing: the link (and the session that signs it) lasts at least until then.
  const urlExpiresAt = new Date(now().getTime() + deps.destination.urlSeconds * 1000).toISOString();
  const url = await deps.presign(deps.destination.bucket, result.key, deps.destination.urlSeconds);
  return { tenantId, exportId, status: 'SUCCEEDED', result, url, urlExpiresAt };
}

/** First step: checks the tenant again (it may have been terminated since), starts the archive and writes its header. */
export async function beginExport(deps: TenantExportDeps, input: { tenantId: unknown; exportId: unknown }): Promise<ExportState> {
  const tenant = await getRegisteredTenant(deps.ddb, deps.registryTable, input.tenantId);
  const exportId = validateRequestId(input.exportId);
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const key = `${tenantPrefix(tenant.tenantId)}exports/${startedAt.slice(0, 10)}/${exportId}.jsonl`;
  const kmsKeyArn = tenant.tenantKeyArn ?? deps.destination.classKeyArn;
  const base = { tenantId: tenant.tenantId, exportId, key, startedAt, kmsKeyArn, tenantKeyed: tenant.tenantKeyArn !== undefined };
  const target = targetOf(deps, base);
  const checkpoint = await CheckpointedUpload.begin(deps.s3, target);
  const upload = await CheckpointedUpload.resume(deps.s3, target, checkpoint, deps.partBytes);
  await upload.write({
    kind: 'export', format: 1, tenantId: tenant.tenantId, exportId, createdAt: startedAt,
    dataClasses: [...Object.keys(deps.buckets), ...Object.keys(deps.tables)],
  });
  return { ...base, upload: await upload.suspend(), source: 0, counts: { objects: 0, objectBytes: 0, items: 0 }, done: false };
}

/**
 * One step: archives objects (read `readConcurrency` at a time, written in key order) and then
 * items, page by page, until the budget is spent, and returns the checkpoint to go on from.
 * Memory stays at one part plus `readConcurrency` chunks, whatever the tenant's size.
 */
export async function continueExport(deps: TenantExportDeps, state: ExportState): Promise<ExportState> {
  const upload = await CheckpointedUpload.resume(deps.s3, targetOf(deps, state), state.upload, deps.partBytes);
  const buckets = Object.entries(deps.buckets);
  const tables = Object.entries(deps.tables);
  const prefix = tenantPrefix(state.tenantId);
  const counts = { ...state.counts };
  let { source, after } = state;
  for (let pages = 0; pages < deps.budget.pages && source < buckets.length + tables.length && !deps.budget.timeUp(); pages++) {
    if (source < buckets.length) {
      const [dataClass, bucket] = buckets[source];
      const page = await listTenantObjectPage(deps.s3, bucket, state.tenantId, after);
      const { objects } = page;
      const concurrency = deps.readConcurrency ?? READ_CONCURRENCY;
      for (let i = 0; i < objects.length; i += concurrency) {
        const window = objects.slice(i, i + concurrency);
        // Objects up to one chunk are read together; larger ones stream chunk by chunk when written.
        const bodies = await mapConcurrent(window, concurrency, async (o) =>
          o.size <= OBJECT_CHUNK_BYTES ? readWhole(deps.s3, bucket, o.key) : undefined,
        );
        for (const [j, o] of window.entries()) {
          const chunks =
            bodies[j] !== undefined ? [bodies[j] as Buffer] : objectChunks(deps.s3, { bucket, key: o.key, chunkBytes: OBJECT_CHUNK_BYTES });
          let chunk = 0;
          for await (const bytes of chunks) {
            await upload.write({
              kind: 'object',
              dataClass,
              key: o.key.slice(prefix.length),
              lastModified: o.lastModified,
              chunk: chunk++,
              bodyBase64: bytes.toString('base64'),
            });
          }
          counts.objects++;
          counts.objectBytes += o.size;
        }
      }
      after = objects.at(-1)?.key ?? after;
      if (!page.truncated) {
        source++;
        after = undefined;
      }
    } else {
      const [dataClass, table] = tables[source - buckets.length];
      const page = await deps.ddb.send(
        new QueryCommand({
          TableName: table, KeyConditionExpression: 'tenantId = :t', ExpressionAttributeValues: { ':t': state.tenantId },
          ExclusiveStartKey: after ? (JSON.parse(after) as Record<string, unknown>) : undefined,
        }),
      );
      for (const item of page.Items ?? []) {
        await upload.write({ kind: 'item', dataClass, item: plain(item) });
        counts.items++;
      }
      after = page.LastEvaluatedKey ? JSON.stringify(page.LastEvaluatedKey) : undefined;
      if (!page.LastEvaluatedKey) source++;
    }
  }
  const done = source >= buckets.length + tables.length;
  return { ...state, upload: await upload.suspend(), source, after, counts, done };
}

/** Last step: the end line, the last part, completion; only now does the archive exist. */
export async function finishExport(deps: TenantExportDeps, state: ExportState): Promise<TenantExportResult> {
  if (!state.done) throw new Error('finishExport: the export has not read every source yet');
  const upload = await CheckpointedUpload.resume(deps.s3, targetOf(deps, state), state.upload, deps.partBytes);
  await upload.write({ kind: 'end', objects: state.counts.objects, items: state.counts.items });
  const written = await upload.complete();
  const now = deps.now ?? (() => new Date());
  const counts = { ...state.counts, lines: written.lines };
  const auditKey = await deps.audit({
    operation: 'tenant-export', tenantId: state.tenantId, outcome: 'done', startedAt: state.startedAt, finishedAt: now().toISOString(),
    idempotencyKey: state.exportId,
    details: { exportId: state.exportId, key: state.key, counts, parts: written.parts },
  });
  return { tenantId: state.tenantId, exportId: state.exportId, bucket: deps.destination.bucket, key: state.key, counts, auditKey };
}

/** The failure path: no archive, no parts, no remainders; the audit record says it failed. */
export async function failExport(
  deps: TenantExportDeps,
  state: ExportState | undefined,
  input: { tenantId: string; exportId: string; error?: string },
): Promise<void> {
  if (state?.upload) await abortArchive(deps.s3, targetOf(deps, state), state.upload.uploadId);
  const now = deps.now ?? (() => new Date());
  await deps.audit({
    operation: 'tenant-export',
    tenantId: validateTenantId(input.tenantId),
    outcome: 'failed',
    startedAt: state?.startedAt ?? now().toISOString(),
    finishedAt: now().toISOString(),
    idempotencyKey: /^[A-Za-z0-9_-]+$/.test(input.exportId) ? input.exportId : undefined,
    details: { exportId: input.exportId, error: input.error, archiveAborted: state?.upload !== undefined },
  });
}

function targetOf(deps: TenantExportDeps, s: { tenantId: string; key: string; kmsKeyArn: string; tenantKeyed: boolean }): ArchiveTarget {
  return {
    bucket: deps.destination.bucket, key: s.key, kmsKeyArn: s.kmsKeyArn,
    encryptionContext: s.tenantKeyed ? tenantEncryptionContext(s.tenantId) : undefined,
  };
}

async function readWhole(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
}

/** DynamoDB sets become arrays, so the archive is plain JSON. */
function plain(item: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(item, (_k, v: unknown) => (v instanceof Set ? [...v] : v))) as Record<string, unknown>;
}
