import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { validateTenantId } from './tenant-id';

/** One audited data-rights operation. Counts and outcomes only: never a data subject's identifiers. */
export interface AuditRecord {
  /** e.g. `log-purge`, `tenant-export`, `support-grant`, `support-access`. */
  readonly operation: string;
  readonly tenantId: string;
  /** `done`, `refused`, `granted`, ... */
  readonly outcome: string;
  /** The platform principal that asked (an IAM ARN), when known. */
  readonly actor?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Numbers and ids that prove what happened (versions deleted, grant id, session expiry). */
  readonly details?: Record<string, unknown>;
  /**
   * The request's own id (e.g. the caller's request id): a retry writes the same object again
   * instead of a second record. Its day is the record's `startedAt`, which a retry keeps.
   * @default a random id: every call is a record of its own
   */
  readonly idempotencyKey?: string;
}

/** Where audit records go; a function so cores can be tested without S3. */
export type AuditSink = (record: AuditRecord) => Promise<string>;

/** What an audit record's idempotency key may look like: a request id, safe in an object key. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * An audit sink writing one JSON object per record to the audit-receipts bucket under
 * `data-rights/<operation>/<tenantId>/<yyyy-mm-dd>/`, encrypted by the bucket's default key.
 */
export function s3AuditSink(s3: S3Client, bucket: string, newId: () => string = randomUUID): AuditSink {
  return async (record) => {
    const tenantId = validateTenantId(record.tenantId);
    if (!/^[a-z][a-z-]*$/.test(record.operation)) throw new Error(`operation: '${record.operation}' is not an operation name`);
    if (record.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(record.idempotencyKey)) {
      throw new Error(`idempotencyKey: '${record.idempotencyKey}' is not a request id`);
    }
    const key = record.idempotencyKey
      ? `data-rights/${record.operation}/${tenantId}/${record.startedAt.slice(0, 10)}/${record.idempotencyKey}.json`
      : `data-rights/${record.operation}/${tenantId}/${record.finishedAt.slice(0, 10)}/${record.finishedAt}-${newId()}.json`;
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(record), ContentType: 'application/json' }),
    );
    return key;
  };
}
