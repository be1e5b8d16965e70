import { Duration, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DATA_CLASSES, type DataClassId } from '../inventory/data-classes';
import type { DataRightsStores } from './data-rights-stores';
import { HandlerFunction } from './handler-function';
import { TenantDataGrants } from './tenant-data-grants';
import { TenantSessionRole } from './tenant-session-role';
import { exportDestinationEnvironment } from './export-destination';
import { CheckpointedWorkflow } from './checkpointed-workflow';
import { ENV } from '../vocabulary';

/** Listing pages (of 1000 objects or items) one workflow step archives before it checkpoints. */
export const EXPORT_PAGES_PER_STEP = 10;

/**
 * Classes whose tenant data an export holds: every tenant-data bucket and table, except the
 * exports themselves and the configuration cache, which is a copy fetched from the tenant's
 * own devices and gone within a day.
 */
export const EXPORTED_CLASSES: readonly DataClassId[] = DATA_CLASSES.filter(
  (c) => c.tenantData && (c.store === 's3-bucket' || c.store === 'dynamodb-table') && c.id !== 'exports' && c.id !== 'config-cache',
).map((c) => c.id);

export interface TenantExportProps {
  /** The data stack's stores. */
  readonly stores: DataRightsStores;
  /** Key of the function's own log group (operational logs class). */
  readonly logKey: kms.IKey;
  /** Minutes the download link stays valid (config `exports.downloadUrlMinutes`, 1..60). */
  readonly downloadUrlMinutes: number;
  /** App and jurisdiction, to name the workflow `<app>-<j>-tenant-export` (IAM and Step Functions names are account-wide). */
  readonly naming: { readonly appName: string; readonly jurisdictionId: string };
}

/**
 * The export (P-PORTABILITY): a checkpointed workflow that reads a tenant's objects and items and
 * writes one archive into the exports bucket of the same jurisdiction, whose lifecycle expires it
 * within days and aborts any upload left unfinished after a day. The handler reads and writes in
 * a session tagged with the tenant: only below that tenant's prefix, partition and key.
 */
export class TenantExport extends Construct {
  readonly handler: HandlerFunction;
  /** The role of the sessions the handler reads and writes one tenant's data in. */
  readonly session: TenantSessionRole;
  readonly workflow: CheckpointedWorkflow;

  constructor(scope: Construct, id: string, props: TenantExportProps) {
    super(scope, id);
    // Validated first, so a bad setting fails before anything is built.
    const exportDestination = exportDestinationEnvironment(props.stores, props.downloadUrlMinutes);
    const { stores } = props;
    const bucketClasses = EXPORTED_CLASSES.filter((c) => stores.props.buckets.has(c));
    const tableClasses = EXPORTED_CLASSES.filter((c) => stores.props.tables.has(c));
    const sources = bucketClasses.map((c) => stores.bucket(c));
    const tables = tableClasses.map((c) => stores.table(c));
    const exportsBucket = stores.bucket('exports');
    const exportsKey = stores.key('exports');
    const stack = Stack.of(this);
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'tenant-export',
      description:
        'Starts, runs the steps of and reports on the export of a tenant as one encrypted archive in its jurisdiction (P-PORTABILITY)',
      logKey: props.logKey,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: {
        [ENV.registryTable]: stores.table('tenant-registry').tableName,
        [ENV.sourceBuckets]: stack.toJsonString(Object.fromEntries(bucketClasses.map((c, i) => [c, sources[i].bucketName]))),
        [ENV.sourceTables]: stack.toJsonString(Object.fromEntries(tableClasses.map((c, i) => [c, tables[i].tableName]))),
        ...exportDestination,
        [ENV.auditBucket]: stores.bucket('audit-receipts').bucketName,
        [ENV.pagesPerStep]: String(EXPORT_PAGES_PER_STEP),
      },
    });
    this.workflow = new CheckpointedWorkflow(this, 'Workflow', {
      handler: this.handler,
      logKey: props.logKey,
      stateMachineName: `${props.naming.appName}-${props.naming.jurisdictionId}-tenant-export`,
      comment: 'P-PORTABILITY: archives a tenant\'s data step by step, resuming from checkpoints',
    });
    this.session = new TenantSessionRole(this, 'Session', {
      handler: this.handler,
      description: 'Exports the data of the one tenant named by the session tag (P-PORTABILITY)',
    });
    this.session.grants
      .listings('ListTenantObjects', sources, ['s3:ListBucket'])
      .objects('ReadTenantObjects', sources, ['s3:GetObject'])
      .keys(
        'DecryptSources',
        [...bucketClasses, ...tableClasses].map((c) => stores.key(c)),
        ['kms:Decrypt'],
        ['s3', 'dynamodb'],
      )
      .tables('ReadTenantItems', tables, ['dynamodb:GetItem', 'dynamodb:Query'])
      // GetObject lets the presigned link, signed in a session of this role, download the archive.
      // Remainders between steps are small objects beside the archive, read back and deleted at the end.
      .objects(
        'WriteArchives',
        [exportsBucket],
        ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:GetObject', 's3:DeleteObject'],
      )
      .listings('ListRemainders', [exportsBucket], ['s3:ListBucket'])
      .keys('EncryptArchives', [exportsKey], ['kms:GenerateDataKey', 'kms:Decrypt'], ['s3'])
      .tenantKeys('UseTenantKeys', ['kms:Decrypt', 'kms:GenerateDataKey'])
      .suppressTenantWildcards();
    new TenantDataGrants(this.handler.policy)
      .audit(stores.bucket('audit-receipts'), stores.key('audit-receipts'), ['tenant-export'])
      .suppressTenantWildcards();
  }
}
