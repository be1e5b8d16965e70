import type * as s3 from 'aws-cdk-lib/aws-s3';
import { resolved } from './rule-support';

interface LifecycleRule {
  status?: string;
  prefix?: string;
  tagFilters?: unknown[];
  objectSizeGreaterThan?: unknown;
  objectSizeLessThan?: unknown;
  expirationInDays?: number;
  noncurrentVersionExpiration?: { noncurrentDays?: number };
  noncurrentVersionExpirationInDays?: number;
  transitions?: { storageClass?: string }[];
  noncurrentVersionTransitions?: { storageClass?: string }[];
}

/** The lifecycle facts of a bucket that the retention rules judge. */
export interface BucketLifetime {
  /** Shortest expiration of current objects among whole-bucket rules, if any. */
  readonly expirationDays?: number;
  /** Shortest expiration of noncurrent versions among whole-bucket rules, if any. */
  readonly noncurrentDays?: number;
  readonly versioned: boolean;
  readonly replicated: boolean;
}

/** Enabled lifecycle rules of a bucket, resolved. */
export function lifecycleRules(bucket: s3.CfnBucket): LifecycleRule[] {
  const config = resolved(bucket, bucket.lifecycleConfiguration) as { rules?: LifecycleRule[] } | undefined;
  return (config?.rules ?? []).filter((r) => r.status === 'Enabled');
}

/** A rule that applies to every object (a prefix, tag or size filter would let others escape it). */
const coversWholeBucket = (r: LifecycleRule): boolean =>
  (r.prefix === undefined || r.prefix === '') && (r.tagFilters ?? []).length === 0 &&
  r.objectSizeGreaterThan === undefined && r.objectSizeLessThan === undefined;

const min = (values: (number | undefined)[]): number | undefined => {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length > 0 ? Math.min(...known) : undefined;
};

export function bucketLifetime(bucket: s3.CfnBucket): BucketLifetime {
  const whole = lifecycleRules(bucket).filter(coversWholeBucket);
  const versioning = resolved(bucket, bucket.versioningConfiguration) as { status?: string } | undefined;
  return {
    expirationDays: min(whole.map((r) => r.expirationInDays)),
    noncurrentDays: min(whole.map((r) => r.noncurrentVersionExpiration?.noncurrentDays ?? r.noncurrentVersionExpirationInDays)),
    versioned: versioning?.status === 'Enabled',
    replicated: bucket.replicationConfiguration !== undefined,
  };
}

/** True when nothing in the bucket (old versions included) outlives `days`. */
export function expiresWithin(life: BucketLifetime, days: number): boolean {
  const current = life.expirationDays !== undefined && life.expirationDays >= 1 && life.expirationDays <= days;
  const noncurrent = !life.versioned || (life.noncurrentDays !== undefined && life.noncurrentDays <= days);
  return current && noncurrent;
}
