import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DEFAULT_TERMINATION } from '../config/defaults';
import { retentionDaysFor } from '../config/validate';
import { DataClassBucket } from '../constructs/data-class-bucket';
import { DataClassKey } from '../constructs/data-class-key';
import { DataClassTable } from '../constructs/data-class-table';
import { InJurisdictionReplication } from '../constructs/in-jurisdiction-replication';
import { OptInWriteGuard, optInWriterRoleArns } from '../constructs/opt-in-write-guard';
import { dataBucketName, dataKeyAliasArn } from '../constructs/naming';
import { StorageAccessLogBucket } from '../constructs/storage-access-log-bucket';
import { DATA_CLASSES, type DataClassId } from '../inventory/data-classes';
import type { JurisdictionStackProps } from './jurisdiction-stack-props';
import { JurisdictionStack } from './jurisdiction-stack';

/** Sort keys of the tables that hold more than one item per tenant. */
export const TABLE_SORT_KEYS: Partial<Record<DataClassId, string>> = { 'device-metadata': 'deviceId', 'support-grants': 'grantId' };
/** Time-to-live attributes of the tables whose items must not outlive a bound. */
const TABLE_TTL_ATTRIBUTES: Partial<Record<DataClassId, string>> = { 'support-grants': 'expiresAt' };

/**
 * Tables whose changes start workflows or audits: a tenant marked terminated starts its
 * termination; a support grant removed by time-to-live is audited as expired (P-SUPPORT-CONSENT).
 */
const TABLE_STREAMS: Partial<Record<DataClassId, dynamodb.StreamViewType>> = {
  'tenant-registry': dynamodb.StreamViewType.NEW_IMAGE,
  'support-grants': dynamodb.StreamViewType.OLD_IMAGE,
};

export interface JurisdictionDataStackProps extends JurisdictionStackProps {
  /**
   * Days point-in-time recovery keeps the tables restorable (`termination.pitrRecoveryDays`).
   * @default DEFAULT_TERMINATION.pitrRecoveryDays
   */
  readonly pitrRecoveryDays?: number;
}

/**
 * The primary region's data: a key per data class, a bucket or table per class generated from
 * the inventory, and replication of the replicated classes to the replica region only.
 */
export class JurisdictionDataStack extends JurisdictionStack {
  readonly keys = new Map<DataClassId, kms.Key>();
  readonly buckets = new Map<DataClassId, DataClassBucket>();
  readonly tables = new Map<DataClassId, DataClassTable>();
  readonly storageAccessLogs: s3.IBucket;
  /** Days every table of the stack stays restorable by point-in-time recovery. */
  readonly pitrRecoveryDays: number;

  constructor(scope: Construct, id: string, props: JurisdictionDataStackProps) {
    super(scope, id, props);
    const { jurisdiction } = props;
    const { naming } = this;
    this.pitrRecoveryDays = props.pitrRecoveryDays ?? DEFAULT_TERMINATION.pitrRecoveryDays;
    this.storageAccessLogs = new StorageAccessLogBucket(this, 'StorageAccessLogs', { naming, jurisdiction }).bucket;
    const replication = new InJurisdictionReplication(this, 'Replication', { naming, jurisdiction });

    for (const cls of DATA_CLASSES) {
      if (cls.store === 'user-pool' || cls.id === 'storage-access-logs') continue;
      const key = new DataClassKey(this, `${cls.id}-key`, {
        naming,
        dataClass: cls,
        allowCloudWatchLogs: cls.store === 'log-group',
        // Step Functions delivers the events of workflows whose history this key encrypts.
        deliveryServices: cls.store === 'log-group' ? ['delivery.logs.amazonaws.com'] : undefined,
      }).key;
      this.keys.set(cls.id, key);
      if (cls.store === 's3-bucket') {
        const bucket = new DataClassBucket(this, cls.id, {
          dataClass: cls,
          jurisdictionId: jurisdiction.id,
          bucketName: dataBucketName(naming, cls.id, this.region),
          encryptionKey: key,
          retentionDays: cls.retention.kind === 'days' ? retentionDaysFor(jurisdiction, cls.id) : undefined,
          serverAccessLogsBucket: this.storageAccessLogs,
        });
        if (cls.replicated) replication.replicate(bucket, key);
        this.buckets.set(cls.id, bucket);
      } else if (cls.store === 'dynamodb-table') {
        this.tables.set(
          cls.id,
          new DataClassTable(this, cls.id, {
            dataClass: cls,
            jurisdictionId: jurisdiction.id,
            encryptionKey: key,
            sortKey: TABLE_SORT_KEYS[cls.id],
            timeToLiveAttribute: TABLE_TTL_ATTRIBUTES[cls.id],
            stream: TABLE_STREAMS[cls.id],
            retentionDays: cls.retention.kind === 'days' ? retentionDaysFor(jurisdiction, cls.id) : undefined,
            pointInTimeRecoveryDays: this.pitrRecoveryDays,
            replica: cls.replicated
              ? { region: jurisdiction.replicaRegion, keyArn: dataKeyAliasArn(naming, cls.id, jurisdiction.replicaRegion) }
              : undefined,
          }),
        );
      }
    }
    new OptInWriteGuard(this, 'OptInWriteGuard', {
      buckets: [...this.buckets.values()].filter((b) => b.dataClass.optIn),
      writerRoleArns: optInWriterRoleArns(naming),
    });
  }

  /** The key of a data class in this region. */
  keyFor(classId: DataClassId): kms.Key {
    const key = this.keys.get(classId);
    if (!key) throw new Error(`classId: no key for data class '${classId}' in ${this.stackName}`);
    return key;
  }
}
