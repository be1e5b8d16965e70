import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import { retentionDaysFor } from '../config/validate';
import { dataClass } from '../inventory/data-classes';
import { DataClassBucket } from './data-class-bucket';
import { DataClassKey } from './data-class-key';
import { dataBucketName, type StoreNaming } from './naming';

export interface StorageAccessLogBucketProps {
  /** App and jurisdiction the bucket and key are named under. */
  readonly naming: StoreNaming;
  /** Jurisdiction whose retention for `storage-access-logs` applies. */
  readonly jurisdiction: ResolvedJurisdiction;
}

/**
 * The region's sink for S3 server access logs, so every request to a data bucket is recorded
 * (P-PURPOSE). Encrypted with its own key, which the S3 log delivery service may use.
 */
export class StorageAccessLogBucket extends Construct {
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: StorageAccessLogBucketProps) {
    super(scope, id);
    const cls = dataClass('storage-access-logs');
    this.key = new DataClassKey(this, 'Key', {
      naming: props.naming,
      dataClass: cls,
      deliveryServices: ['logging.s3.amazonaws.com'],
    }).key;
    this.bucket = new DataClassBucket(this, 'Store', {
      dataClass: cls,
      jurisdictionId: props.jurisdiction.id,
      bucketName: dataBucketName(props.naming, cls.id, Stack.of(this).region),
      encryptionKey: this.key,
      retentionDays: retentionDaysFor(props.jurisdiction, cls.id),
    }).bucket;
  }
}
