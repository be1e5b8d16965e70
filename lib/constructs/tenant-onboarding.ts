import { Aws, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { suppressWildcards } from '../nag/suppressions';
import { ENV, TAG, TAG_VALUE, tenantKeyAliasPrefix } from '../vocabulary';
import { HandlerFunction } from './handler-function';
import { KEY_ADMINISTRATION_ACTIONS } from './key-administration';
import type { StoreNaming } from './naming';
import { TenantSessionRole } from './tenant-session-role';

export interface TenantOnboardingProps {
  /** App and jurisdiction names; the tenant key aliases and the platform role pattern derive from them. */
  readonly naming: StoreNaming;
  /** The tenant registry, where onboarding writes the tenant's active entry. */
  readonly registryTable: dynamodb.ITableV2;
  /** Key of the registry table. */
  readonly registryKey: kms.IKey;
  /** Key of the function's log group (operational logs class). */
  readonly logKey: kms.IKey;
}

/**
 * Onboards a tenant: creates its own KMS key (tagged as a tenant key, aliased under the
 * jurisdiction's tenant prefix) and its active registry entry, written in a session tagged with
 * that tenant. It is the handler function itself and puts its session role beside it (id
 * `<id>Session`), so both keep the construct ids, and so the logical ids, the lifecycle stack
 * gave them when it built them inline.
 */
export class TenantOnboarding extends HandlerFunction {
  /** The session role the registry entry is written through, one tenant per session. */
  readonly session: TenantSessionRole;

  constructor(scope: Construct, id: string, props: TenantOnboardingProps) {
    const { naming } = props;
    const aliasPrefix = tenantKeyAliasPrefix(naming.appName, naming.jurisdictionId);
    super(scope, id, {
      handler: 'tenant-onboarding',
      description: 'Onboards a tenant: its own KMS key and an active registry entry',
      logKey: props.logKey,
      environment: {
        [ENV.registryTable]: props.registryTable.tableName,
        [ENV.tenantKeyAliasPrefix]: aliasPrefix,
        [ENV.appName]: naming.appName,
        [ENV.jurisdictionId]: naming.jurisdictionId,
        [ENV.partition]: Aws.PARTITION,
        [ENV.accountId]: Aws.ACCOUNT_ID,
        // Roles CloudFormation names in this jurisdiction's stacks all start with `<app>-<jurisdiction>-`.
        [ENV.platformRoleArnPattern]: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${naming.appName}-${naming.jurisdictionId}-*`,
      },
    });
    // The new key's policy names onboarding's role as its administrator (see lambda/shared/tenant-key.ts).
    this.function.addEnvironment(ENV.keyAdministratorArn, this.role.roleArn);
    this.grantKeyCreation(aliasPrefix);
    this.session = new TenantSessionRole(scope, `${id}Session`, {
      handler: this,
      description: 'Registers the one tenant named by the session tag',
    });
    this.session.grants
      .tables('RegisterTenants', [props.registryTable], ['dynamodb:GetItem', 'dynamodb:PutItem'])
      .keys('UseRegistryKey', [props.registryKey], ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], ['dynamodb']);
  }

  /**
   * Creating tenant keys: only tagged as tenant keys, aliased only under the tenant prefix. Each
   * key's policy names onboarding as its administrator; IAM here denies every administrative
   * action on a key that already has an alias, so onboarding administers only the key it has just
   * created (before its alias) and never an existing tenant's key or a platform key.
   */
  private grantKeyCreation(aliasPrefix: string): void {
    const { region } = Stack.of(this);
    const keys = `arn:${Aws.PARTITION}:kms:${region}:${Aws.ACCOUNT_ID}:key/*`;
    const aliases = `arn:${Aws.PARTITION}:kms:${region}:${Aws.ACCOUNT_ID}:${aliasPrefix}*`;
    const requestTagged = { [`aws:RequestTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey };
    this.allow(
      new iam.PolicyStatement({
        sid: 'CreateTenantKeys',
        actions: ['kms:CreateKey'],
        resources: ['*'],
        conditions: { StringEquals: { ...requestTagged, 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } },
      }),
      new iam.PolicyStatement({
        sid: 'TagNewTenantKeys',
        actions: ['kms:TagResource'],
        resources: [keys],
        conditions: { StringEquals: requestTagged },
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
    suppressWildcards(this.policy, 'tenantKeyCreation', ['*', keys, aliases]);
  }
}
