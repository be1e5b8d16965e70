import { Duration, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DATA_CLASSES, type DataClassId } from '../inventory/data-classes';
import type { DataRightsStores } from './data-rights-stores';
import { HandlerFunction } from './handler-function';
import { DATA_RIGHTS_DUTIES, dataRightsRoleName } from './naming';
import { TenantDataGrants } from './tenant-data-grants';
import { TenantSessionRole } from './tenant-session-role';
import { exportDestinationEnvironment } from './export-destination';
import { CheckpointedWorkflow } from './checkpointed-workflow';
import { ENV } from '../vocabulary';

/** Listing pages (of 1000 versions) one workflow step scans before it checkpoints. */
export const DSR_PAGES_PER_STEP = 10;

/** Record fields that name a person, as the inventory and the log format spell them. */
export const SUBJECT_FIELDS = ['userName', 'email'] as const;

/** Log classes whose JSON-lines records can name a person. */
export const SUBJECT_LOG_CLASSES: readonly DataClassId[] = DATA_CLASSES.filter(
  (c) => c.store === 's3-bucket' && c.tenantData && c.personalData && c.fields.includes('userName') && c.id !== 'exports',
).map((c) => c.id);

/** Tables whose items can name a person, with the attributes that do. */
export const SUBJECT_TABLES = DATA_CLASSES.filter((c) => c.store === 'dynamodb-table' && c.personalData).map((c) => ({
  id: c.id,
  personalAttributes: SUBJECT_FIELDS.filter((f) => c.fields.includes(f)),
}));

export interface DataSubjectRequestsProps {
  /** The data stack's stores. */
  readonly stores: DataRightsStores;
  /** Key of the function's own log group (operational logs class). */
  readonly logKey: kms.IKey;
  /** Minutes the download link of an export stays valid (config `exports.downloadUrlMinutes`). */
  readonly downloadUrlMinutes: number;
  /**
   * The portal user pool, whose accounts carry `custom:tenantId`.
   * @default none: accounts are not searched and every answer says `accounts.searched: false`
   */
  readonly userPool?: cognito.IUserPool;
}

/**
 * The data-subject-request handler (P-DSR): find, export or erase one person's data inside one
 * tenant. Its role has a fixed name because the opt-in buckets' policies (deployed with the data
 * stacks, before this stack) let only it and the opt-in writer put objects; it rewrites log
 * objects without the person's lines and deletes their older versions in both regions.
 */
export class DataSubjectRequests extends Construct {
  readonly handler: HandlerFunction;
  /** The role of the sessions the handler reaches one tenant's data in. */
  readonly session: TenantSessionRole;
  readonly workflow: CheckpointedWorkflow;

  constructor(scope: Construct, id: string, props: DataSubjectRequestsProps) {
    super(scope, id);
    // Validated first, so a bad setting fails before anything is built.
    const exportDestination = exportDestinationEnvironment(props.stores, props.downloadUrlMinutes);
    const { stores } = props;
    const stack = Stack.of(this);
    const logClasses = SUBJECT_LOG_CLASSES.filter((c) => stores.props.buckets.has(c));
    const primary = logClasses.map((c) => stores.bucket(c));
    const replicas = logClasses.filter((c) => stores.props.buckets.get(c)?.dataClass.replicated).map((c) => stores.replica(c));
    const tables = SUBJECT_TABLES.filter((t) => stores.props.tables.has(t.id));
    const exportsBucket = stores.bucket('exports');
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'data-subject-request',
      description: 'Starts, runs the steps of and reports on finding, exporting or erasing one data subject inside one tenant (P-DSR)',
      logKey: props.logKey,
      timeout: Duration.minutes(15),
      // An erasure deletes the subject's log objects in the replica region too.
      outsideVpc: 'reachesReplicaRegion',
      memorySize: 1024,
      environment: {
        [ENV.primaryRegion]: stack.region,
        [ENV.replicaRegion]: stores.props.replicaRegion,
        [ENV.registryTable]: stores.table('tenant-registry').tableName,
        ...(props.userPool ? { [ENV.userPoolId]: props.userPool.userPoolId } : {}),
        [ENV.logBuckets]: stack.toJsonString(
          Object.fromEntries(
            logClasses.map((c, i) => [
              c,
              {
                primary: primary[i].bucketName,
                replica: stores.props.buckets.get(c)?.dataClass.replicated ? stores.replica(c).bucketName : undefined,
              },
            ]),
          ),
        ),
        [ENV.personalTables]: stack.toJsonString(
          Object.fromEntries(
            tables.map((t) => [
              t.id,
              {
                table: stores.table(t.id).tableName,
                keyAttributes: keyAttributesOf(stores, t.id),
                personalAttributes: t.personalAttributes,
                pointInTimeRecoveryDays: recoveryDaysOf(stores, t.id),
              },
            ]),
          ),
        ),
        ...exportDestination,
        [ENV.auditBucket]: stores.bucket('audit-receipts').bucketName,
        [ENV.pagesPerStep]: String(DSR_PAGES_PER_STEP),
      },
    });
    this.workflow = new CheckpointedWorkflow(this, 'Workflow', {
      handler: this.handler,
      logKey: props.logKey,
      stateMachineName: `${stores.props.naming.appName}-${stores.props.naming.jurisdictionId}-data-subject-requests`,
      comment: 'P-DSR: finds, exports or erases one data subject step by step, resuming from checkpoints',
    });
    // The session role has the fixed name the opt-in buckets' policies allow to rewrite a log.
    this.session = new TenantSessionRole(this, 'Session', {
      handler: this.handler,
      description: 'Finds, exports or erases a data subject in the data of the one tenant named by the session tag (P-DSR)',
      roleName: dataRightsRoleName(stores.props.naming, DATA_RIGHTS_DUTIES.dataSubjectRequests),
    });
    this.session.grants
      .listings('ListTenantVersions', primary, ['s3:ListBucketVersions'])
      .objects('RewriteTenantLogs', primary, ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObjectVersion'])
      .objects('DeleteReplicaVersions', replicas, ['s3:DeleteObjectVersion'])
      // Listing again is how an erase proves the replica's copies are gone.
      .listings('ListReplicaVersions', replicas, ['s3:ListBucketVersions'])
      .keys(
        'UseLogKeys',
        logClasses.map((c) => stores.key(c)),
        ['kms:Decrypt', 'kms:GenerateDataKey'],
        ['s3'],
      )
      .tables('ReadRegistry', [stores.table('tenant-registry')], ['dynamodb:GetItem'])
      .tables(
        'RedactItems',
        tables.map((t) => stores.table(t.id)),
        ['dynamodb:Query', 'dynamodb:UpdateItem'],
      )
      .keys(
        'UseTableKeys',
        ['tenant-registry' as DataClassId, ...tables.map((t) => t.id)].map((c) => stores.key(c)),
        ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        ['dynamodb'],
      )
      .objects(
        'WriteSubjectExports',
        [exportsBucket],
        ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:GetObject', 's3:DeleteObject'],
      )
      .listings('ListExportRemainders', [exportsBucket], ['s3:ListBucket'])
      .keys('EncryptSubjectExports', [stores.key('exports')], ['kms:GenerateDataKey', 'kms:Decrypt'], ['s3'])
      .tenantKeys('UseTenantKeys', ['kms:Decrypt', 'kms:GenerateDataKey'])
      .suppressTenantWildcards();
    const grants = new TenantDataGrants(this.handler.policy)
      .audit(stores.bucket('audit-receipts'), stores.key('audit-receipts'), ['data-subject-request']);
    // The subject's identifiers travel through the workflow sealed with the exports key, under this context only.
    this.handler.allow(
      new iam.PolicyStatement({
        sid: 'SealSubjectIdentifiers',
        actions: ['kms:Encrypt', 'kms:Decrypt'],
        resources: [stores.key('exports').keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'data-subject-request' } },
      }),
    );
    if (props.userPool) {
      grants.allow(
        'FindAndDeletePortalAccounts',
        ['cognito-idp:ListUsers', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminDeleteUser'],
        [props.userPool.userPoolArn],
      );
    }
    grants.suppressTenantWildcards();
  }
}

/** The table's point-in-time recovery period in days, DynamoDB's 35 when the table sets none. */
function recoveryDaysOf(stores: DataRightsStores, id: DataClassId): number {
  const cfn = stores.props.tables.get(id)?.table.node.defaultChild as dynamodb.CfnGlobalTable | undefined;
  if (!cfn) throw new Error(`tables: the data stack has no table for data class '${id}'`);
  // TableV2 renders its replicas lazily; resolving reads what the template will say.
  const replicas = (Stack.of(cfn).resolve(cfn.replicas) ?? []) as {
    PointInTimeRecoverySpecification?: { RecoveryPeriodInDays?: unknown };
  }[];
  const days = replicas.map((r) => r.PointInTimeRecoverySpecification?.RecoveryPeriodInDays).map((d) => (typeof d === 'number' ? d : 35));
  // The longest window of any replica bounds how long an earlier item state can come back.
  return days.length > 0 ? Math.max(...days) : 35;
}

/** The primary-key attributes of a class's table, so the handler can address one item. */
function keyAttributesOf(stores: DataRightsStores, id: DataClassId): string[] {
  const cfn = stores.props.tables.get(id)?.table.node.defaultChild as dynamodb.CfnGlobalTable | undefined;
  if (!cfn) throw new Error(`tables: the data stack has no table for data class '${id}'`);
  const schema = cfn.keySchema as dynamodb.CfnGlobalTable.KeySchemaProperty[];
  return ['HASH', 'RANGE'].flatMap((type) => schema.filter((k) => k.keyType === type).map((k) => k.attributeName));
}
