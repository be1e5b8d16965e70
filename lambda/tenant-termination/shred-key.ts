import { DescribeKeyCommand, DisableKeyCommand, type KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { tenantKeyAlias } from '../shared/tenant-key';
import { validateTenantId } from '../shared/tenant-id';
import type { KeyShredResult, TerminationPlan } from './contract';
import { LIMITS, isWithin, rangeText } from '../../lib/vocabulary';

export interface ShredKeyDeps {
  readonly kms: KMSClient;
  readonly aliasPrefix: string;
  /** Days before KMS deletes the disabled key: 7..30, from `termination.keyDeletionWindowDays`. */
  readonly pendingWindowDays: number;
  readonly now?: () => Date;
}

/**
 * Crypto-shredding: disables the tenant key at once (every object written with it becomes
 * unreadable, wherever a copy lies) and schedules its deletion. Safe to repeat: a key already
 * pending deletion, or already gone, is reported as it is.
 */
export async function shredTenantKey(deps: ShredKeyDeps, plan: Pick<TerminationPlan, 'tenantId' | 'dryRun'>): Promise<KeyShredResult> {
  const tenantId = validateTenantId(plan.tenantId);
  if (!isWithin(deps.pendingWindowDays, LIMITS.keyDeletionWindowDays)) {
    throw new Error(`pendingWindowDays: ${deps.pendingWindowDays} must be ${rangeText(LIMITS.keyDeletionWindowDays)} days`);
  }
  const alias = tenantKeyAlias(deps.aliasPrefix, tenantId);
  const finishedAt = () => (deps.now?.() ?? new Date()).toISOString();
  const before = await describeTenantKey(deps.kms, alias);
  if (!before) return { keyState: 'absent', pendingWindowDays: deps.pendingWindowDays, finishedAt: finishedAt() };
  if (plan.dryRun || before.KeyState === 'PendingDeletion') {
    return {
      keyState: before.KeyState ?? 'Unknown', keyArn: before.Arn, deletionDate: before.DeletionDate?.toISOString(),
      pendingWindowDays: deps.pendingWindowDays, finishedAt: finishedAt(),
    };
  }
  if (before.KeyState === 'Enabled') await deps.kms.send(new DisableKeyCommand({ KeyId: before.KeyId }));
  await deps.kms.send(new ScheduleKeyDeletionCommand({ KeyId: before.KeyId, PendingWindowInDays: deps.pendingWindowDays }));
  const after = await describeTenantKey(deps.kms, alias);
  return {
    keyState: after?.KeyState ?? 'absent', keyArn: before.Arn, deletionDate: after?.DeletionDate?.toISOString(),
    pendingWindowDays: deps.pendingWindowDays, finishedAt: finishedAt(),
  };
}

/** The key behind the tenant alias, or undefined when there is none. */
export async function describeTenantKey(kms: KMSClient, alias: string) {
  try {
    return (await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata;
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFoundException') return undefined;
    throw err;
  }
}
