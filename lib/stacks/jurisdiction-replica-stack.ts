import type { Construct } from 'constructs';
import { retentionDaysFor } from '../config/validate';
import { DataClassBucket } from '../constructs/data-class-bucket';
import { DataClassKey } from '../constructs/data-class-key';
import { OptInWriteGuard, optInWriterRoleArns } from '../constructs/opt-in-write-guard';
import { dataBucketName } from '../constructs/naming';
import { StorageAccessLogBucket } from '../constructs/storage-access-log-bucket';
import { DATA_CLASSES, type DataClassId } from '../inventory/data-classes';
import type { JurisdictionStackProps } from './jurisdiction-stack-props';
import { JurisdictionStack } from './jurisdiction-stack';

/**
 * The replica region of a jurisdiction: one key per replicated class (also used by the table
 * replicas) and one replica bucket per replicated bucket class. Deployed before the data stack,
 * whose replication rules address these by name.
 */
export class JurisdictionReplicaStack extends JurisdictionStack {
  readonly replicaBuckets = new Map<DataClassId, DataClassBucket>();

  constructor(scope: Construct, id: string, props: JurisdictionReplicaStackProps) {
    super(scope, id, props, 'replica');
    const { jurisdiction } = props;
    const { naming } = this;
    const accessLogs = new StorageAccessLogBucket(this, 'StorageAccessLogs', { naming, jurisdiction });

    for (const cls of DATA_CLASSES.filter((c) => c.replicated)) {
      const key = new DataClassKey(this, `${cls.id}-key`, { naming, dataClass: cls }).key;
      if (cls.store !== 's3-bucket') continue;
      this.replicaBuckets.set(
        cls.id,
        new DataClassBucket(this, `${cls.id}-replica`, {
          dataClass: cls,
          jurisdictionId: jurisdiction.id,
          bucketName: dataBucketName(naming, cls.id, this.region),
          encryptionKey: key,
          retentionDays: cls.retention.kind === 'days' ? retentionDaysFor(jurisdiction, cls.id) : undefined,
          serverAccessLogsBucket: accessLogs.bucket,
          isReplica: true,
        }),
      );
    }
    new OptInWriteGuard(this, 'OptInWriteGuard', {
      buckets: [...this.replicaBuckets.values()].filter((b) => b.dataClass.optIn),
      writerRoleArns: optInWriterRoleArns(naming),
    });
  }
}

export type JurisdictionReplicaStackProps = JurisdictionStackProps;
