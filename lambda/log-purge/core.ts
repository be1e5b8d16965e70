import type { S3Client } from '@aws-sdk/client-s3';
import type { AuditSink } from '../shared/audit-record';
import { InputError } from '../shared/input-error';
import { abortMultipartUploads, purgePrefix, type RetainedVersion } from '../shared/s3-versions';
import { tenantPrefix, validateTenantId } from '../shared/tenant-id';

/** The two copies of every log class: the primary region's bucket and its in-jurisdiction replica. */
export type Copy = 'primary' | 'replica';
export const COPIES: readonly Copy[] = ['primary', 'replica'];

/** Bucket names per purgeable log class and copy, e.g. `{ 'access-logs': { primary, replica } }`. */
export type PurgeTargets = Readonly<Record<string, Readonly<Record<Copy, string>>>>;

export interface LogPurgeDeps {
  /** S3 clients of the primary and the replica region. */
  readonly s3: Readonly<Record<Copy, S3Client>>;
  readonly targets: PurgeTargets;
  readonly audit: AuditSink;
  readonly now?: () => Date;
}

/** A tenant's request to delete some of its logs before their retention ends (P-EARLY-PURGE). */
export interface LogPurgeRequest {
  readonly tenantId: string;
  /** Log classes to purge, e.g. `['access-logs', 'device-logs']`. */
  readonly classes: readonly string[];
  /** First day to purge, `YYYY-MM-DD` (UTC), read from the key's `YYYY/MM/DD/` segments. @default no lower bound */
  readonly from?: string;
  /** Last day to purge, inclusive. @default no upper bound */
  readonly to?: string;
}

export interface CopyCounts {
  readonly bucket: string;
  readonly deletedVersions: number;
  readonly deletedMarkers: number;
  /** Keys under the tenant prefix left alone because the range was given and they carry no date. */
  readonly undatedKeysKept: number;
  readonly abortedUploads: number;
  /** Versions S3 refused to delete (object lock, legal hold, policy), with its reason. */
  readonly retained: readonly RetainedVersion[];
}

export interface LogPurgeResult {
  readonly tenantId: string;
  readonly range?: { readonly from?: string; readonly to?: string };
  readonly counts: Record<string, Record<Copy, CopyCounts>>;
  readonly auditKey: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The date a log key was written on: its first `YYYY/MM/DD` path segments below the tenant prefix. */
const KEY_DATE = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})(?:\/|$)/;

/** Checks a purge request completely before anything is deleted; every problem names its field. */
export function validatePurgeRequest(raw: unknown, targets: PurgeTargets): LogPurgeRequest {
  if (!raw || typeof raw !== 'object') throw new InputError('(request)', 'must be an object');
  const req = raw as Record<string, unknown>;
  const tenantId = validateTenantId(req.tenantId);
  const known = Object.keys(targets);
  if (!Array.isArray(req.classes) || req.classes.length === 0) {
    throw new InputError('classes', `must list at least one log class of: ${known.join(', ')}`);
  }
  req.classes.forEach((c, i) => {
    if (typeof c !== 'string' || !known.includes(c)) {
      throw new InputError(`classes[${i}]`, `unknown log class ${JSON.stringify(c)}; known: ${known.join(', ')}`);
    }
  });
  const from = optionalDay(req.from, 'from');
  const to = optionalDay(req.to, 'to');
  if (from && to && from > to) throw new InputError('to', `'${to}' is before from '${from}'`);
  return { tenantId, classes: [...new Set(req.classes as string[])], from, to };
}

function optionalDay(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  const date = m ? new Date(`${value as string}T00:00:00Z`) : undefined;
  if (!m || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InputError(field, `must be a calendar day as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

/** The `YYYY-MM-DD` a key's path names, or undefined when it names none. */
export function keyDay(key: string): string | undefined {
  const m = KEY_DATE.exec(key);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * Deletes every version and delete marker of the chosen log classes under `tenants/<tenantId>/`,
 * in the primary bucket and in its replica (version deletes do not replicate), optionally only
 * keys dated inside [from, to]. Re-running is safe: what is gone stays gone and is not counted.
 */
export async function purgeLogs(deps: LogPurgeDeps, raw: unknown): Promise<LogPurgeResult> {
  const req = validatePurgeRequest(raw, deps.targets);
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const prefix = tenantPrefix(req.tenantId);
  const ranged = req.from !== undefined || req.to !== undefined;
  const counts: Record<string, Record<Copy, CopyCounts>> = {};
  for (const cls of req.classes) {
    const perCopy = {} as Record<Copy, CopyCounts>;
    for (const copy of COPIES) {
      const bucket = deps.targets[cls][copy];
      let undated = 0;
      const keyFilter = ranged
        ? (key: string) => {
            const day = keyDay(key.slice(prefix.length));
            if (day === undefined) {
              undated++;
              return false;
            }
            return (req.from === undefined || day >= req.from) && (req.to === undefined || day <= req.to);
          }
        : undefined;
      const purged = await purgePrefix(deps.s3[copy], { bucket, prefix, keyFilter });
      // Unfinished uploads carry no date a range could select, so only a whole purge aborts them.
      const uploads = ranged ? { aborted: 0 } : await abortMultipartUploads(deps.s3[copy], { bucket, prefix });
      perCopy[copy] = {
        bucket,
        deletedVersions: purged.deletedVersions,
        deletedMarkers: purged.deletedMarkers,
        undatedKeysKept: undated,
        abortedUploads: uploads.aborted,
        retained: purged.retained,
      };
    }
    counts[cls] = perCopy;
  }
  const range = ranged ? { from: req.from, to: req.to } : undefined;
  const auditKey = await deps.audit({
    operation: 'log-purge',
    tenantId: req.tenantId,
    outcome: Object.values(counts).some((c) => COPIES.some((k) => c[k].retained.length > 0)) ? 'partial' : 'done',
    startedAt,
    finishedAt: now().toISOString(),
    details: { classes: req.classes, range, counts: summarise(counts) },
  });
  return { tenantId: req.tenantId, range, counts, auditKey };
}

/** Counts without the retained keys' names, for the audit record. */
function summarise(counts: Record<string, Record<Copy, CopyCounts>>): Record<string, Record<Copy, Record<string, number>>> {
  const out: Record<string, Record<Copy, Record<string, number>>> = {};
  for (const [cls, perCopy] of Object.entries(counts)) {
    out[cls] = {} as Record<Copy, Record<string, number>>;
    for (const copy of COPIES) {
      const { deletedVersions, deletedMarkers, undatedKeysKept, abortedUploads, retained } = perCopy[copy];
      out[cls][copy] = { deletedVersions, deletedMarkers, undatedKeysKept, abortedUploads, retained: retained.length };
    }
  }
  return out;
}
