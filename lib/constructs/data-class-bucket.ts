import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DataClass } from '../inventory/data-classes';
import { resolveRetentionDays, retentionLabel, tagWithDataClass } from '../inventory/tags';
import type { SuppressionReasonKey } from '../nag/suppression-reasons';
import { suppressComplianceRule } from '../nag/suppressions';

/** Days an overwritten or deleted version of kept (tenancy) data stays recoverable. */
export const KEPT_DATA_NONCURRENT_DAYS = 30;
/** Days an expired version of day-bounded data lingers before it is removed for good. */
export const BOUNDED_DATA_NONCURRENT_DAYS = 1;
/** Days after which an unfinished multipart upload is aborted, so no orphaned parts hold data. */
export const INCOMPLETE_UPLOAD_DAYS = 1;

export interface DataClassBucketProps {
  /** The data class this bucket stores; decides versioning, lifecycle and tags. */
  readonly dataClass: DataClass;
  /** Jurisdiction id written to the bucket's tags. */
  readonly jurisdictionId: string;
  /** Physical bucket name, derived with `dataBucketName` so the other region can address it. */
  readonly bucketName: string;
  /** Customer-managed key of the class in this region. */
  readonly encryptionKey: kms.IKey;
  /**
   * Retention in days for a day-bounded class; must lie in the class's declared range.
   * @default the class's declared default
   */
  readonly retentionDays?: number;
  /**
   * Bucket that receives this bucket's server access logs.
   * @default none: only the access-log bucket itself may omit it
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /**
   * Holds replicas; versioning is then required whatever the class says.
   * @default false
   */
  readonly isReplica?: boolean;
}

/**
 * A bucket for one data class: SSE-KMS with a bucket key, no public access, TLS 1.2+ only,
 * owner-enforced objects, lifecycle from the class's retention, tagged with its class.
 * No lifecycle rule ever transitions objects, so no single-AZ storage class can appear.
 */
export class DataClassBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly dataClass: DataClass;
  readonly retentionDays: number | undefined;

  constructor(scope: Construct, id: string, props: DataClassBucketProps) {
    super(scope, id);
    const cls = props.dataClass;
    if (cls.store !== 's3-bucket') {
      throw new Error(`dataClass: '${cls.id}' is stored in a ${cls.store}, not an S3 bucket`);
    }
    this.dataClass = cls;
    this.retentionDays = resolveRetentionDays(cls, props.retentionDays);
    const versioned = cls.versioned || props.isReplica === true;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket ? `${cls.id}/` : undefined,
      lifecycleRules: lifecycleRulesFor(this.retentionDays, versioned),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    tagWithDataClass(this, cls, props.jurisdictionId, retentionLabel(cls, this.retentionDays));
    explainSingleCopy(this.bucket, cls, props.isReplica === true, versioned);
  }
}

/** Why a bucket is not replicated: it is the replica, or its class is declared single-region. */
const NOT_REPLICATED_BECAUSE: Partial<Record<DataClass['id'], SuppressionReasonKey>> = {
  'config-cache': 'configCacheNeverReplicated',
  exports: 'exportsNotReplicated',
  'storage-access-logs': 'accessLogsStayInRegion',
};
/** Why a bucket keeps no old versions. */
const UNVERSIONED_BECAUSE: Partial<Record<DataClass['id'], SuppressionReasonKey>> = {
  'config-cache': 'configCacheUnversioned',
  exports: 'exportsUnversioned',
};

/**
 * Replication and versioning are the compliance packs' defaults; the inventory turns them off
 * for some classes on purpose, and each such bucket says why. A class without a stated reason
 * gets no suppression, so its finding shows.
 */
function explainSingleCopy(bucket: s3.Bucket, cls: DataClass, isReplica: boolean, versioned: boolean): void {
  const notReplicated = isReplica ? 'replicaIsTheCopy' : cls.replicated ? undefined : NOT_REPLICATED_BECAUSE[cls.id];
  if (notReplicated) suppressComplianceRule(bucket, 'S3BucketReplicationEnabled', notReplicated);
  const unversioned = versioned ? undefined : UNVERSIONED_BECAUSE[cls.id];
  if (unversioned) suppressComplianceRule(bucket, 'S3BucketVersioningEnabled', unversioned);
}

/** Lifecycle rules that keep nothing longer than the class's retention, old versions included. */
export function lifecycleRulesFor(retentionDays: number | undefined, versioned: boolean): s3.LifecycleRule[] {
  const rules: s3.LifecycleRule[] = [];
  const bounded = retentionDays !== undefined;
  rules.push({
    id: bounded ? 'ExpireAfterRetention' : 'KeepCurrentForTenancy',
    abortIncompleteMultipartUploadAfter: Duration.days(INCOMPLETE_UPLOAD_DAYS),
    expiration: bounded ? Duration.days(retentionDays) : undefined,
    noncurrentVersionExpiration: versioned
      ? Duration.days(bounded ? BOUNDED_DATA_NONCURRENT_DAYS : KEPT_DATA_NONCURRENT_DAYS)
      : undefined,
  });
  if (versioned) {
    // Expiring a versioned object leaves a delete marker; once its versions are gone it is removed too.
    rules.push({ id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true });
  }
  return rules;
}
