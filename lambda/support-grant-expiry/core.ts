import { type AuditSink, IDEMPOTENCY_KEY } from '../shared/audit-record';
import { validateTenantId } from '../shared/tenant-id';

/** The parts of a DynamoDB stream record the expiry audit reads (OLD_IMAGE view). */
export interface GrantStreamRecord {
  readonly eventName?: string;
  readonly userIdentity?: { readonly type?: string; readonly principalId?: string };
  readonly dynamodb?: {
    readonly ApproximateCreationDateTime?: number;
    readonly OldImage?: Record<string, { S?: string; N?: string }>;
  };
}

/** Whether DynamoDB's time-to-live removed the item, rather than a person or a handler. */
export function isTimeToLiveRemoval(record: GrantStreamRecord): boolean {
  return (
    record.eventName === 'REMOVE' &&
    record.userIdentity?.type === 'Service' &&
    record.userIdentity.principalId === 'dynamodb.amazonaws.com'
  );
}

/**
 * Audits the end of a support grant (P-SUPPORT-CONSENT): for a grant the table's time-to-live
 * removed, one record saying when it expired and, if so, when it was revoked; answers whether
 * the record was audited. Access already stopped at `expiresAt` (the broker checks it); this
 * closes the trail. A record naming no valid tenant throws, and fails alone.
 */
export async function auditExpiredGrant(
  deps: { audit: AuditSink; now?: () => Date },
  record: GrantStreamRecord,
): Promise<boolean> {
  if (!isTimeToLiveRemoval(record)) return false;
  const now = deps.now ?? (() => new Date());
  const old = record.dynamodb?.OldImage ?? {};
  const tenantId = validateTenantId(old.tenantId?.S);
  const expiresAt = Number(old.expiresAt?.N);
  const removedAt = record.dynamodb?.ApproximateCreationDateTime;
  const removed = removedAt !== undefined ? new Date(removedAt * 1000).toISOString() : undefined;
  const grantId = old.grantId?.S;
  await deps.audit({
    operation: 'support-grant-expiry',
    tenantId,
    outcome: 'expired',
    // A failed record makes the stream deliver it again: keyed by grant and removal time, the
    // second delivery rewrites the first audit object instead of adding one.
    idempotencyKey: grantId !== undefined && IDEMPOTENCY_KEY.test(grantId) ? grantId : undefined,
    startedAt: removed ?? now().toISOString(),
    finishedAt: now().toISOString(),
    details: {
      grantId: old.grantId?.S,
      expiredAt: Number.isFinite(expiresAt) ? new Date(expiresAt * 1000).toISOString() : undefined,
      revokedAt: old.revokedAt?.S,
      removedAt: removed,
    },
  });
  return true;
}
