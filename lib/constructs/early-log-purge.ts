import { Duration, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { dataClass, type DataClassId } from '../inventory/data-classes';
import type { DataRightsStores } from './data-rights-stores';
import { HandlerFunction } from './handler-function';
import { TenantDataGrants } from './tenant-data-grants';
import { TenantSessionRole } from './tenant-session-role';
import { ENV } from '../vocabulary';

/** The log classes a tenant may purge early: the seed names access, incident and device logs. */
export const PURGEABLE_LOG_CLASSES: readonly DataClassId[] = ['access-logs', 'incident-logs', 'device-logs'];
/** Listing pages (of 1000 versions) one call deletes before it returns a cursor, well inside 15 minutes. */
export const PURGE_PAGES_PER_CALL = 200;

export interface EarlyLogPurgeProps {
  /** The data stack's stores. */
  readonly stores: DataRightsStores;
  /** Key of the function's own log group (operational logs class). */
  readonly logKey: kms.IKey;
  /**
   * Log classes the handler may purge; each must be a replicated, day-bounded log class.
   * @default PURGEABLE_LOG_CLASSES
   */
  readonly classes?: readonly DataClassId[];
}

/**
 * The early-purge handler (P-EARLY-PURGE): deletes every version of a tenant's chosen log
 * classes in the primary and the replica bucket. It lists, deletes versions and aborts uploads in
 * a session tagged with the tenant, so only below that tenant's prefix of those buckets; the
 * function itself only writes its audit records.
 */
export class EarlyLogPurge extends Construct {
  readonly handler: HandlerFunction;
  /** The role of the sessions the handler purges in, one tenant each. */
  readonly session: TenantSessionRole;

  constructor(scope: Construct, id: string, props: EarlyLogPurgeProps) {
    super(scope, id);
    const classes = props.classes ?? PURGEABLE_LOG_CLASSES;
    if (classes.length === 0) throw new Error('classes: at least one log class is needed');
    for (const c of classes) {
      const cls = dataClass(c);
      if (!cls.replicated || cls.retention.kind !== 'days' || cls.store !== 's3-bucket') {
        throw new Error(`classes: '${c}' is not a replicated, day-bounded log bucket class`);
      }
    }
    const { stores } = props;
    const primary = classes.map((c) => stores.bucket(c));
    const replicas = classes.map((c) => stores.replica(c));
    const stack = Stack.of(this);
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'log-purge',
      description: 'Deletes every version of the chosen logs of a tenant in both regions of the jurisdiction (P-EARLY-PURGE)',
      logKey: props.logKey,
      timeout: Duration.minutes(15),
      // It deletes the replica region's copies too.
      outsideVpc: 'reachesReplicaRegion',
      environment: {
        [ENV.primaryRegion]: stack.region,
        [ENV.replicaRegion]: stores.props.replicaRegion,
        [ENV.auditBucket]: stores.bucket('audit-receipts').bucketName,
        [ENV.maxPages]: String(PURGE_PAGES_PER_CALL),
        [ENV.purgeTargets]: stack.toJsonString(
          Object.fromEntries(classes.map((c, i) => [c, { primary: primary[i].bucketName, replica: replicas[i].bucketName }])),
        ),
      },
    });
    this.session = new TenantSessionRole(this, 'Session', {
      handler: this.handler,
      description: 'Purges early the logs of the one tenant named by the session tag (P-EARLY-PURGE)',
    });
    this.session.grants
      .listings('ListTenantVersions', [...primary, ...replicas], ['s3:ListBucketVersions'])
      // S3 has no condition key that scopes ListBucketMultipartUploads to a prefix: the code keeps to its tenant.
      .buckets('ListUnfinishedUploads', [...primary, ...replicas], ['s3:ListBucketMultipartUploads'])
      .objects('DeleteTenantVersions', [...primary, ...replicas], ['s3:DeleteObjectVersion', 's3:AbortMultipartUpload'])
      .suppressTenantWildcards();
    // The audit record is the function's own, written whatever the session could do.
    new TenantDataGrants(this.handler.policy)
      .audit(stores.bucket('audit-receipts'), stores.key('audit-receipts'), ['log-purge'])
      .suppressTenantWildcards();
  }
}
