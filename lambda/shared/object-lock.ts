import { GetObjectLegalHoldCommand, GetObjectRetentionCommand, type S3Client } from '@aws-sdk/client-s3';

/** Why S3 itself keeps a version: an active legal hold or a retention period not yet over. */
export type ProtectionReason = 'legal-hold' | 'retention-governance' | 'retention-compliance';

/** What reading a version's Object Lock state found. */
export type VersionProtection =
  | { readonly protected: true; readonly reasons: readonly ProtectionReason[]; readonly retainUntil?: string }
  | { readonly protected: false; readonly detail: string };

/** Answers that mean "this version has no lock of that kind" (or its bucket has no Object Lock). */
const NO_LOCK = new Set(['NoSuchObjectLockConfiguration', 'ObjectLockConfigurationNotFoundError', 'InvalidRequest']);

/**
 * Reads a version's Object Lock state with GetObjectLegalHold and GetObjectRetention, the two
 * metadata-only calls S3 documents for it (they need `s3:GetObjectLegalHold` and
 * `s3:GetObjectRetention`, never read access to the data). A version counts as protected only
 * when one of them confirms it: legal hold `ON`, or a retention mode with a retain-until date
 * after `now`. Anything else, including a refused read, is reported unprotected with the reason,
 * so a version S3 refused to delete for another cause (a bucket policy, a missing permission)
 * can never pass as retained.
 */
export async function readProtection(
  s3: S3Client,
  params: { bucket: string; key: string; versionId: string; now: Date },
): Promise<VersionProtection> {
  const target = { Bucket: params.bucket, Key: params.key, VersionId: params.versionId === 'null' ? undefined : params.versionId };
  const reasons: ProtectionReason[] = [];
  const problems: string[] = [];
  let retainUntil: string | undefined;
  try {
    const hold = await s3.send(new GetObjectLegalHoldCommand(target));
    if (hold.LegalHold?.Status === 'ON') reasons.push('legal-hold');
  } catch (err) {
    if (!NO_LOCK.has(errorName(err))) problems.push(`legal hold unreadable (${errorName(err)})`);
  }
  try {
    const retention = (await s3.send(new GetObjectRetentionCommand(target))).Retention;
    const until = retention?.RetainUntilDate ? new Date(retention.RetainUntilDate) : undefined;
    if (retention?.Mode && until && until.getTime() > params.now.getTime()) {
      reasons.push(retention.Mode === 'COMPLIANCE' ? 'retention-compliance' : 'retention-governance');
      retainUntil = until.toISOString();
    }
  } catch (err) {
    if (!NO_LOCK.has(errorName(err))) problems.push(`retention unreadable (${errorName(err)})`);
  }
  if (reasons.length > 0) return { protected: true, reasons, retainUntil };
  return { protected: false, detail: problems.length > 0 ? problems.join('; ') : 'no legal hold and no retention in force' };
}

function errorName(err: unknown): string {
  const e = err as { name?: string; Code?: string };
  return e.Code ?? e.name ?? 'Unknown';
}
