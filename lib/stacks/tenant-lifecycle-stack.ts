import type { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { TenantOnboarding } from '../constructs/tenant-onboarding';
import { TenantTerminationWorkflow } from '../constructs/tenant-termination-workflow';
import { dataClass } from '../inventory/data-classes';
import { TABLE_SORT_KEYS, type JurisdictionDataStack } from './jurisdiction-data-stack';
import type { JurisdictionReplicaStack } from './jurisdiction-replica-stack';
import { declareHandlerNetwork, type HandlerStackProps } from './jurisdiction-stack-props';
import { JurisdictionStack } from './jurisdiction-stack';

export interface TenantLifecycleStackProps extends HandlerStackProps {
  /** The jurisdiction's data stack: its tenant-data buckets, tables and keys. */
  readonly data: JurisdictionDataStack;
  /** The jurisdiction's replica stack: its buckets are marked as covered by the termination workflow. */
  readonly replica: JurisdictionReplicaStack;
  /** Days between disabling a terminated tenant's key and its deletion (7..30). */
  readonly keyDeletionWindowDays: number;
  /**
   * Child executions of the purge fan-out at once (`termination.purgeConcurrency`).
   * @default 8
   */
  readonly purgeConcurrency?: number;
  /**
   * Shards the purge cuts each bucket copy's tenant prefix into at most (`termination.shardsPerBucket`).
   * @default 8
   */
  readonly shardsPerBucket?: number;
  /**
   * Longest a termination may run before it times out (`termination.runTimeoutHours`).
   * @default Duration.days(3)
   */
  readonly runTimeout?: Duration;
  /**
   * Portal user pools whose tenant users are deleted on termination.
   * @default none
   */
  readonly userPools?: readonly cognito.IUserPool[];
}

/**
 * A tenant's life cycle in one jurisdiction (primary region): onboarding, which gives the
 * tenant its own KMS key and registry entry, and the termination workflow, which deletes
 * every copy of the tenant's data, devices and users (P-DELETE-ON-TERMINATION).
 */
export class TenantLifecycleStack extends JurisdictionStack {
  readonly onboarding: TenantOnboarding;
  readonly termination: TenantTerminationWorkflow;

  constructor(scope: Construct, id: string, props: TenantLifecycleStackProps) {
    super(scope, id, props);
    const { jurisdiction, data } = props;
    declareHandlerNetwork(this, props);
    const { naming } = this;
    const logKey = data.keyFor('operational-logs');
    const registryTable = data.tables.get('tenant-registry');
    const receipts = data.buckets.get('audit-receipts');
    if (!registryTable || !receipts) {
      throw new Error(`data: stack ${data.stackName} lacks the tenant-registry table or the audit-receipts bucket`);
    }
    const registry = { table: registryTable.table, encryptionKey: data.keyFor('tenant-registry'), dataClass: registryTable.dataClass };

    this.onboarding = new TenantOnboarding(this, 'Onboarding', {
      naming,
      registryTable: registryTable.table,
      registryKey: registry.encryptionKey,
      logKey,
    });

    const tenantBuckets = [...data.buckets.values()].filter((b) => b.dataClass.tenantData);
    const tenantTables = [...data.tables.entries()].filter(([id, t]) => t.dataClass.tenantData && id !== 'tenant-registry');
    this.termination = new TenantTerminationWorkflow(this, 'TenantTerminationWorkflow', {
      naming,
      replicaRegion: jurisdiction.replicaRegion,
      buckets: tenantBuckets.map((b) => ({ bucket: b.bucket, dataClass: b.dataClass })),
      replicaBucketScopes: [...props.replica.replicaBuckets.values()].filter((b) => b.dataClass.tenantData),
      tables: tenantTables.map(([id, t]) => ({
        table: t.table,
        encryptionKey: data.keyFor(id),
        dataClass: dataClass(id),
        sortKey: TABLE_SORT_KEYS[id],
      })),
      registry,
      userPools: props.userPools,
      receiptBucket: receipts.bucket,
      receiptKey: data.keyFor('audit-receipts'),
      logKey,
      keyDeletionWindowDays: props.keyDeletionWindowDays,
      pitrRecoveryDays: data.pitrRecoveryDays,
      purgeConcurrency: props.purgeConcurrency,
      shardsPerBucket: props.shardsPerBucket,
      runTimeout: props.runTimeout,
    });
  }
}
