import type { S3Client } from '@aws-sdk/client-s3';
import { type ProtectionReason, readProtection } from '../shared/object-lock';
import { hashedKey } from '../shared/s3-keys';
import { abortMultipartUploads, listVersionPage, type VersionCursor } from '../shared/s3-versions';

/** A version S3 keeps on purpose, as the receipt lists it: no key in clear. */
export interface ProtectedVersion {
  readonly bucket: string;
  readonly region: string;
  /** `sha256:<hex>` of the object key. */
  readonly key: string;
  readonly versionId: string;
  readonly reasons: readonly ProtectionReason[];
  /** End of the retention period, when one is in force; absent for a legal hold alone. */
  readonly retainUntil?: string;
}

/** A version or delete marker left that nothing protects: the termination is not complete. */
export interface LeftoverVersion {
  readonly bucket: string;
  readonly region: string;
  readonly key: string;
  readonly versionId: string;
  readonly deleteMarker: boolean;
  readonly detail: string;
}

/** What a fresh listing of one bucket found under the tenant prefix. */
export interface BucketInventory {
  readonly bucket: string;
  readonly region: string;
  readonly versions: number;
  readonly deleteMarkers: number;
  readonly uploads: number;
  /** Versions whose Object Lock state, read just now, confirms S3 keeps them. */
  readonly protectedVersions: number;
  readonly protected: ProtectedVersion[];
  /** Versions and markers left with nothing protecting them. */
  readonly leftover: LeftoverVersion[];
}

/**
 * Lists every version, delete marker and unfinished upload under the prefix again (URL-encoded
 * listing) and reads the Object Lock state of every version found. Counts are exact; the lists
 * keep at most `listLimit` entries each, so the state stays far inside Step Functions' payload limit.
 */
export async function inventoryBucket(
  s3: S3Client,
  params: { bucket: string; region: string; prefix: string; now: Date; listLimit: number },
): Promise<BucketInventory & { leftoverCount: number }> {
  const inventory = {
    bucket: params.bucket, region: params.region, versions: 0, deleteMarkers: 0, uploads: 0, protectedVersions: 0,
    protected: [] as ProtectedVersion[], leftover: [] as LeftoverVersion[], leftoverCount: 0,
  };
  const where = { bucket: params.bucket, region: params.region };
  let cursor: VersionCursor | undefined;
  do {
    const page = await listVersionPage(s3, { bucket: params.bucket, prefix: params.prefix, cursor });
    for (const v of page.versions) {
      if (v.deleteMarker) {
        inventory.deleteMarkers++;
        inventory.leftoverCount++;
        if (inventory.leftover.length < params.listLimit) {
          inventory.leftover.push({ ...where, key: hashedKey(v.key), versionId: v.versionId, deleteMarker: true, detail: 'delete marker' });
        }
        continue;
      }
      inventory.versions++;
      const protection = await readProtection(s3, {
        bucket: params.bucket,
        key: v.key,
        versionId: v.versionId,
        now: params.now,
      });
      if (protection.protected) {
        inventory.protectedVersions++;
        if (inventory.protected.length < params.listLimit) {
          inventory.protected.push({
            ...where,
            key: hashedKey(v.key),
            versionId: v.versionId,
            reasons: protection.reasons,
            retainUntil: protection.retainUntil,
          });
        }
      } else {
        inventory.leftoverCount++;
        if (inventory.leftover.length < params.listLimit) {
          inventory.leftover.push({
            ...where,
            key: hashedKey(v.key),
            versionId: v.versionId,
            deleteMarker: false,
            detail: protection.detail,
          });
        }
      }
    }
    cursor = page.next;
  } while (cursor);
  inventory.uploads = (
    await abortMultipartUploads(s3, { bucket: params.bucket, prefix: params.prefix, dryRun: true })
  ).wouldAbort;
  inventory.leftoverCount += inventory.uploads;
  return inventory;
}
