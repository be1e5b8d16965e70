import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { dataClass, type DataClassId } from '../inventory/data-classes';
import type { DataClassBucket } from './data-class-bucket';
import type { DataClassTable } from './data-class-table';
import { dataBucketArn, dataBucketName, type StoreNaming } from './naming';
import type { NamedBucket } from './tenant-data-grants';

/** The data stack's stores as the data-rights handlers see them. */
export interface DataRightsStoresProps {
  /** App and jurisdiction, to name the replica buckets without a cross-region reference. */
  readonly naming: StoreNaming;
  /** Region of the replica buckets (the jurisdiction's replica region). */
  readonly replicaRegion: string;
  /** Buckets of the primary region, by data class. */
  readonly buckets: ReadonlyMap<DataClassId, DataClassBucket>;
  /** Tables of the primary region, by data class. */
  readonly tables: ReadonlyMap<DataClassId, DataClassTable>;
  /** Class keys of the primary region, by data class. */
  readonly keys: ReadonlyMap<DataClassId, kms.IKey>;
}

/** Looks stores up by data class, naming the class when the data stack lacks it. */
export class DataRightsStores {
  constructor(readonly props: DataRightsStoresProps) {}

  bucket(id: DataClassId): s3.IBucket {
    const found = this.props.buckets.get(id);
    if (!found) throw new Error(`buckets: the data stack has no bucket for data class '${id}'`);
    return found.bucket;
  }

  /** The replica bucket of a replicated class, by its derived name. */
  replica(id: DataClassId): NamedBucket {
    if (!dataClass(id).replicated) throw new Error(`replicaRegion: data class '${id}' is not replicated`);
    const { naming, replicaRegion } = this.props;
    return { bucketName: dataBucketName(naming, id, replicaRegion), bucketArn: dataBucketArn(naming, id, replicaRegion) };
  }

  table(id: DataClassId): dynamodb.ITableV2 {
    const found = this.props.tables.get(id);
    if (!found) throw new Error(`tables: the data stack has no table for data class '${id}'`);
    return found.table;
  }

  key(id: DataClassId): kms.IKey {
    const found = this.props.keys.get(id);
    if (!found) throw new Error(`keys: the data stack has no key for data class '${id}'`);
    return found;
  }
}
