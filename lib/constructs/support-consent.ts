import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { suppressWildcards } from '../nag/suppressions';
import { Construct } from 'constructs';
import type { DataClassId } from '../inventory/data-classes';
import type { DataRightsStores } from './data-rights-stores';
import { HandlerFunction } from './handler-function';
import { SupportAccessRole } from './support-access-role';
import { TenantDataGrants } from './tenant-data-grants';
import { TenantSessionRole } from './tenant-session-role';
import { ENV, isWithin, LIMITS, rangeText } from '../vocabulary';

/** Stores support may read with consent: the tenant's own data, not exports, grants or receipts. */
export const SUPPORT_READABLE_BUCKETS: readonly DataClassId[] = [
  'device-logs', 'access-logs', 'incident-logs', 'config-cache', 'config-backups', 'provisioning-templates', 'advanced-reporting-logs',
];
export const SUPPORT_READABLE_TABLES: readonly DataClassId[] = ['tenant-registry', 'device-metadata'];

export interface SupportConsentProps {
  /** The data stack's stores. */
  readonly stores: DataRightsStores;
  /** Key of the functions' own log groups (operational logs class). */
  readonly logKey: kms.IKey;
  /** Longest grant a tenant may give (config `supportAccess.maxGrantHours`, 1..72). */
  readonly maxGrantHours: number;
  /** Longest support session (config `supportAccess.maxSessionMinutes`, 15..60). */
  readonly maxSessionMinutes: number;
}

/**
 * Support access with tenant consent (P-SUPPORT-CONSENT, P-PURPOSE): a consent handler the
 * portal back end calls to grant, revoke or show a tenant's grant; a broker that support
 * engineers call through an IAM-authenticated function URL, which checks for an active grant
 * and only then hands out a short, tenant-tagged session of the read-only support role.
 * No grant, no access: nothing else can assume the support role.
 */
export class SupportConsent extends Construct {
  readonly consent: HandlerFunction;
  /** The role of the sessions the consent handler keeps one tenant's grants in. */
  readonly consentSession: TenantSessionRole;
  readonly broker: HandlerFunction;
  /** The role of the sessions the broker reads one tenant's grants and status in. */
  readonly brokerSession: TenantSessionRole;
  readonly brokerUrl: lambda.FunctionUrl;
  readonly expiryAudit: HandlerFunction;
  readonly supportRole: iam.Role;

  constructor(scope: Construct, id: string, props: SupportConsentProps) {
    super(scope, id);
    if (!isWithin(props.maxGrantHours, LIMITS.supportGrantHours)) {
      throw new Error(`maxGrantHours: must be an integer in ${rangeText(LIMITS.supportGrantHours)}, got ${props.maxGrantHours}`);
    }
    if (!isWithin(props.maxSessionMinutes, LIMITS.supportSessionMinutes)) {
      const range = rangeText(LIMITS.supportSessionMinutes);
      throw new Error(`maxSessionMinutes: must be an integer in ${range}, got ${props.maxSessionMinutes}`);
    }
    const { stores } = props;
    const grants = stores.table('support-grants');
    const grantsKey = stores.key('support-grants');
    const audit = { bucket: stores.bucket('audit-receipts'), key: stores.key('audit-receipts') };

    this.consent = new HandlerFunction(this, 'Consent', {
      handler: 'support-consent',
      description: 'Lets a tenant grant, revoke or show support access to its data (P-SUPPORT-CONSENT)',
      logKey: props.logKey,
      outsideVpc: 'callsGlobalIam',
      environment: {
        [ENV.registryTable]: stores.table('tenant-registry').tableName,
        [ENV.grantsTable]: grants.tableName,
        [ENV.maxGrantHours]: String(props.maxGrantHours),
        [ENV.auditBucket]: audit.bucket.bucketName,
      },
    });
    // The consent path acts for one tenant: its grants are kept in a session tagged with that tenant.
    this.consentSession = new TenantSessionRole(this, 'ConsentSession', {
      handler: this.consent,
      description: 'Keeps the support grants of the one tenant named by the session tag (P-SUPPORT-CONSENT)',
    });
    this.consentSession.grants
      .tables('ReadRegistry', [stores.table('tenant-registry')], ['dynamodb:GetItem'])
      .tables('KeepGrants', [grants], ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'])
      .keys('UseTableKeys', [stores.key('tenant-registry'), grantsKey], ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [
        'dynamodb',
      ]);
    new TenantDataGrants(this.consent.policy)
      .audit(audit.bucket, audit.key, ['support-grant', 'support-revoke'])
      .suppressTenantWildcards();

    this.broker = new HandlerFunction(this, 'Broker', {
      handler: 'support-access-broker',
      description: 'Hands a support engineer a short read-only session for one tenant while its grant is active',
      logKey: props.logKey,
      environment: {
        [ENV.registryTable]: stores.table('tenant-registry').tableName,
        [ENV.grantsTable]: grants.tableName,
        [ENV.maxSessionMinutes]: String(props.maxSessionMinutes),
        [ENV.auditBucket]: audit.bucket.bucketName,
      },
    });
    this.supportRole = new SupportAccessRole(this, 'SupportRole', {
      brokerRole: this.broker.role,
      buckets: SUPPORT_READABLE_BUCKETS.filter((c) => stores.props.buckets.has(c)).map((c) => stores.bucket(c)),
      tables: SUPPORT_READABLE_TABLES.map((c) => stores.table(c)),
      keys: [...SUPPORT_READABLE_BUCKETS, ...SUPPORT_READABLE_TABLES].filter((c) => stores.props.keys.has(c)).map((c) => stores.key(c)),
    }).role;
    this.broker.function.addEnvironment(ENV.supportRoleArn, this.supportRole.roleArn);
    // The consent path, acting for the tenant, is what enables its sessions: it keeps the
    // support role's gates (one inline policy per grant); IAM has no condition on policy names.
    this.consent.function.addEnvironment(ENV.supportRoleName, this.supportRole.roleName);
    new TenantDataGrants(this.consent.policy)
      .allow('KeepSupportGrantGates', ['iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies'], [this.supportRole.roleArn]);
    // The broker reads the grants and status of the tenant asked for in a session tagged with it.
    this.brokerSession = new TenantSessionRole(this, 'BrokerSession', {
      handler: this.broker,
      description: 'Reads the support grants and status of the one tenant named by the session tag',
    });
    this.brokerSession.grants
      .tables('ReadGrants', [grants], ['dynamodb:Query'])
      // A tenant being terminated gets no new session.
      .tables('ReadTenantStatus', [stores.table('tenant-registry')], ['dynamodb:GetItem'])
      .keys('DecryptGrants', [grantsKey, stores.key('tenant-registry')], ['kms:Decrypt'], ['dynamodb']);
    new TenantDataGrants(this.broker.policy)
      .allow('AssumeSupportRoleForOneTenant', ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], [this.supportRole.roleArn])
      .audit(audit.bucket, audit.key, ['support-access'])
      .suppressTenantWildcards();
    // IAM-authenticated: only principals whose own policy allows lambda:InvokeFunctionUrl can call it.
    this.brokerUrl = this.broker.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });

    this.expiryAudit = this.auditGrantExpiries(stores, props.logKey);
  }

  /** Audits each grant the table's time-to-live removes, from the table's change stream. */
  private auditGrantExpiries(stores: DataRightsStores, logKey: kms.IKey): HandlerFunction {
    const grants = stores.table('support-grants');
    if (!grants.tableStreamArn) throw new Error("stores: the 'support-grants' table has no change stream to audit expiries from");
    const fn = new HandlerFunction(this, 'ExpiryAudit', {
      handler: 'support-grant-expiry',
      description: 'Audits every support grant that expired and was removed by time-to-live',
      logKey,
      environment: { [ENV.auditBucket]: stores.bucket('audit-receipts').bucketName },
    });
    const permissions = new TenantDataGrants(fn.policy)
      .keys('DecryptGrantStream', [stores.key('support-grants')], ['kms:Decrypt'], ['dynamodb'])
      .allow('ReadGrantStream', ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], [grants.tableStreamArn])
      .allow('FindGrantStream', ['dynamodb:ListStreams'], ['*'])
      .audit(stores.bucket('audit-receipts'), stores.key('audit-receipts'), ['support-grant-expiry']);
    permissions.suppressTenantWildcards();
    suppressWildcards(permissions.policy, 'streamListingHasNoResourceScope', ['*']);
    new lambda.EventSourceMapping(this, 'GrantExpiries', {
      target: fn.function,
      eventSourceArn: grants.tableStreamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      bisectBatchOnError: true,
      retryAttempts: 10,
      // The handler answers which records failed: only those are retried.
      reportBatchItemFailures: true,
      // Only removals by time-to-live reach the function; revokes are audited by the consent handler.
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('REMOVE'),
          userIdentity: { type: lambda.FilterRule.isEqual('Service'), principalId: lambda.FilterRule.isEqual('dynamodb.amazonaws.com') },
        }),
      ],
    });
    return fn;
  }
}
