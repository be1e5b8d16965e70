import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { DataClass } from '../inventory/data-classes';
import { dataClassTags, resolveRetentionDays, retentionLabel } from '../inventory/tags';

export interface DataClassTableProps {
  /** The data class this table stores; decides replication and tags. */
  readonly dataClass: DataClass;
  /** Jurisdiction id written to the table's tags. */
  readonly jurisdictionId: string;
  /** Customer-managed key of the class in this region. */
  readonly encryptionKey: kms.IKey;
  /**
   * Region of the same jurisdiction that holds the replica, with the alias ARN of the class key there.
   * Required when the class is replicated, refused when it is not.
   * @default no replica
   */
  readonly replica?: { readonly region: string; readonly keyArn: string };
  /**
   * Sort key of the table, under the `tenantId` partition key.
   * @default none: one item per tenant
   */
  readonly sortKey?: string;
  /**
   * Attribute holding an epoch-seconds expiry, for items that must not outlive a bound.
   * @default no time-to-live
   */
  readonly timeToLiveAttribute?: string;
  /**
   * Change stream of the table, for workflows and audits that react to item changes (a tenant
   * marked terminated, a support grant expired).
   * @default no stream
   */
  readonly stream?: dynamodb.StreamViewType;
  /**
   * Days items of a day-bounded class are kept, inside the class's declared range; the
   * `steward:retention` tag declares them. Refused for a class kept for the tenancy.
   * @default the class's default days (none for a tenancy class)
   */
  readonly retentionDays?: number;
  /**
   * Days point-in-time recovery keeps in every replica (1..35). Deleted items stay restorable for
   * this long, which bounds how soon a terminated tenant's table data is gone for good.
   * @default 35 (DynamoDB's own default)
   */
  readonly pointInTimeRecoveryDays?: number;
}

/**
 * A global table for one data class, partitioned by tenant so every tenant's items can be
 * found and deleted by key: CMK-encrypted in every replica, point-in-time recovery and
 * deletion protection on in every replica, on-demand capacity.
 */
export class DataClassTable extends Construct {
  /** Partition key of every tenant-data table: a tenant's items are one query away. */
  static readonly PARTITION_KEY = 'tenantId';

  readonly table: dynamodb.TableV2;
  readonly dataClass: DataClass;

  constructor(scope: Construct, id: string, props: DataClassTableProps) {
    super(scope, id);
    const cls = props.dataClass;
    if (cls.store !== 'dynamodb-table') {
      throw new Error(`dataClass: '${cls.id}' is stored in a ${cls.store}, not a DynamoDB table`);
    }
    if (cls.replicated && !props.replica) {
      throw new Error(`replica: data class '${cls.id}' is replicated and needs a replica region`);
    }
    if (!cls.replicated && props.replica) {
      throw new Error(`replica: data class '${cls.id}' is declared not replicated`);
    }
    const pitrDays = props.pointInTimeRecoveryDays ?? 35;
    if (!Number.isInteger(pitrDays) || pitrDays < 1 || pitrDays > 35) {
      throw new Error(`${this.node.path}: pointInTimeRecoveryDays must be a whole number of days from 1 to 35, got ${pitrDays}`);
    }
    this.dataClass = cls;
    const tags = Object.entries(
      dataClassTags(cls, props.jurisdictionId, retentionLabel(cls, resolveRetentionDays(cls, props.retentionDays))),
    ).map(([key, value]) => ({ key, value }));
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: DataClassTable.PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: props.sortKey ? { name: props.sortKey, type: dynamodb.AttributeType.STRING } : undefined,
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(
        props.encryptionKey,
        props.replica ? { [props.replica.region]: props.replica.keyArn } : undefined,
      ),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: pitrDays },
      deletionProtection: true,
      timeToLiveAttribute: props.timeToLiveAttribute,
      dynamoStream: props.stream,
      replicas: props.replica ? [{ region: props.replica.region, tags }] : undefined,
      tags,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
