import { Aws, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { HandlerFunction } from '../constructs/handler-function';
import { KEY_ADMINISTRATION_ACTIONS } from '../constructs/key-administration';
import type { StoreNaming } from '../constructs/naming';
import { TenantSessionRole } from '../constructs/tenant-session-role';
import { suppressWildcards, TenantTerminationWorkflow } from '../constructs/tenant-termination-workflow';
import { dataClass } from '../inventory/data-classes';
import { TABLE_SORT_KEYS, type JurisdictionDataStack } from './jurisdiction-data-stack';
import type { JurisdictionReplicaStack } from './jurisdiction-replica-stack';
import { declareHandlerNetwork, type HandlerStackProps } from './jurisdiction-stack-props';
import { ENV, TAG, TAG_VALUE, tenantKeyAliasPrefix } from '../vocabulary';

export interface TenantLifecycleStackProps extends HandlerStackProps {
  /** The jurisdiction's data stack: its tenant-data buckets, tables and keys. */
  readonly data: JurisdictionDataStack;
  /** The jurisdiction's replica stack: its buckets are marked as covered by the termination workflow. */
  readonly replica: JurisdictionReplicaStack;
  /** Days between disabling a terminated tenant's key and its deletion (7..30). */
  readonly keyDeletionWindowDays: number;
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
export class TenantLifecycleStack extends Stack {
  readonly onboarding: HandlerFunction;
  readonly termination: TenantTerminationWorkflow;

  constructor(scope: Construct, id: string, props: TenantLifecycleStackProps) {
    const { jurisdiction, data } = props;
    super(scope, id, { ...props, env: { region: jurisdiction.primaryRegion, account: jurisdiction.account } });
    declareHandlerNetwork(this, props);
    const naming: StoreNaming = { appName: props.appName, jurisdictionId: jurisdiction.id };
    const aliasPrefix = tenantKeyAliasPrefix(naming.appName, naming.jurisdictionId);
    const logKey = data.keyFor('operational-logs');
    const registryTable = data.tables.get('tenant-registry');
    const receipts = data.buckets.get('audit-receipts');
    if (!registryTable || !receipts) {
      throw new Error(`data: stack ${data.stackName} lacks the tenant-registry table or the audit-receipts bucket`);
    }
    const registry = { table: registryTable.table, encryptionKey: data.keyFor('tenant-registry'), dataClass: registryTable.dataClass };

    this.onboarding = new HandlerFunction(this, 'Onboarding', {
      handler: 'tenant-onboarding',
      description: 'Onboards a tenant: its own KMS key and an active registry entry',
      logKey,
      environment: {
        REGISTRY_TABLE: registryTable.table.tableName,
        [ENV.tenantKeyAliasPrefix]: aliasPrefix,
        APP_NAME: naming.appName,
        JURISDICTION_ID: naming.jurisdictionId,
        PARTITION: Aws.PARTITION,
        ACCOUNT_ID: Aws.ACCOUNT_ID,
        // Roles CloudFormation names in this jurisdiction's stacks all start with `<app>-<jurisdiction>-`.
        PLATFORM_ROLE_ARN_PATTERN: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${naming.appName}-${naming.jurisdictionId}-*`,
      },
    });
    // The new key's policy names onboarding's role as its administrator (see lambda/shared/tenant-key.ts).
    this.onboarding.function.addEnvironment('KEY_ADMINISTRATOR_ARN', this.onboarding.role.roleArn);
    this.grantKeyCreation(this.onboarding, aliasPrefix);
    // The registry entry is written in a session tagged with the tenant being onboarded.
    new TenantSessionRole(this, 'OnboardingSession', {
      handler: this.onboarding,
      description: 'Registers the one tenant named by the session tag',
    }).grants
      .tables('RegisterTenants', [registryTable.table], ['dynamodb:GetItem', 'dynamodb:PutItem'])
      .keys('UseRegistryKey', [registry.encryptionKey], ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], ['dynamodb']);

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
    });
  }

  /**
   * Creating tenant keys: only tagged as tenant keys, aliased only under the tenant prefix. Each
   * key's policy names onboarding as its administrator; IAM here denies every administrative
   * action on a key that already has an alias, so onboarding administers only the key it has just
   * created (before its alias) and never an existing tenant's key or a platform key.
   */
  private grantKeyCreation(fn: HandlerFunction, aliasPrefix: string): void {
    const keys = `arn:${Aws.PARTITION}:kms:${this.region}:${Aws.ACCOUNT_ID}:key/*`;
    const aliases = `arn:${Aws.PARTITION}:kms:${this.region}:${Aws.ACCOUNT_ID}:${aliasPrefix}*`;
    fn.allow(
      new iam.PolicyStatement({
        sid: 'CreateTenantKeys',
        actions: ['kms:CreateKey'],
        resources: ['*'],
        conditions: { StringEquals: { [`aws:RequestTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey, 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } },
      }),
      new iam.PolicyStatement({
        sid: 'TagNewTenantKeys',
        actions: ['kms:TagResource'],
        resources: [keys],
        conditions: { StringEquals: { [`aws:RequestTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey } },
      }),
      new iam.PolicyStatement({
        sid: 'ManageNewTenantKeys',
        actions: ['kms:DescribeKey', 'kms:EnableKeyRotation', 'kms:ScheduleKeyDeletion', 'kms:CreateAlias'],
        resources: [keys],
        conditions: { StringEquals: { [`aws:ResourceTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey } },
      }),
      new iam.PolicyStatement({ sid: 'AliasTenantKeys', actions: ['kms:CreateAlias', 'kms:DescribeKey'], resources: [aliases] }),
      new iam.PolicyStatement({
        sid: 'AdministerOnlyKeysWithoutAlias',
        effect: iam.Effect.DENY,
        actions: [...KEY_ADMINISTRATION_ACTIONS, 'kms:EnableKeyRotation'],
        resources: [keys],
        conditions: { Null: { 'kms:ResourceAliases': 'false' } },
      }),
    );
    suppressWildcards(fn, 'tenantKeyCreation', ['*', keys, aliases]);
  }
}
