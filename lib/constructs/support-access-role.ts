import { Duration, Stack, Tags } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PermissionsBoundary } from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { accountInFindings } from '../nag/finding-tokens';
import { suppress } from '../nag/suppressions';
import { Construct } from 'constructs';
import { TAG, TAG_VALUE } from '../vocabulary';


const TENANT = `\${aws:PrincipalTag/${TAG.tenant}}`;

export interface SupportAccessRoleProps {
  /** The broker's role: the only principal that may assume this role, and only with a tenant session tag. */
  readonly brokerRole: iam.IRole;
  /** Tenant-data buckets support may read, under the session's tenant prefix only. */
  readonly buckets: readonly s3.IBucket[];
  /** Tenant-data tables support may read, for the session's tenant partition only. */
  readonly tables: readonly dynamodb.ITableV2[];
  /** Class keys of those buckets and tables, usable for decryption through S3 and DynamoDB only. */
  readonly keys: readonly kms.IKey[];
}

/**
 * The role support engineers work in, with the tenant's consent (P-SUPPORT-CONSENT): nobody can
 * assume it directly; the broker assumes it after checking an active grant, tagging the session
 * with the tenant. What a session may read is the role's permissions boundary: read-only, and
 * every permission resolves `${aws:PrincipalTag/steward:tenant}`, so a session reads one tenant's
 * prefix, partition and tenant-key objects and nothing else. The role itself holds no grant: the
 * consent handler, acting for the tenant, adds one inline policy per grant (a gate, see
 * lambda/shared/support-gate.ts) and deletes it on revoke, so IAM refuses a session of a tenant
 * that granted nothing, whatever the broker does.
 */
export class SupportAccessRole extends Construct {
  readonly role: iam.Role;
  /** The most any support session may do; the role's permissions boundary. */
  readonly scope: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: SupportAccessRoleProps) {
    super(scope, id);
    if (props.buckets.length === 0 && props.tables.length === 0) {
      throw new Error('buckets, tables: the support role needs at least one store to read');
    }
    const { region, account, partition } = Stack.of(this);
    const requireTenantTag = {
      StringLike: { [`aws:RequestTag/${TAG.tenant}`]: '?*' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [TAG.tenant] },
    };
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.PrincipalWithConditions(new iam.ArnPrincipal(props.brokerRole.roleArn).withSessionTags(), requireTenantTag),
      description: 'Read-only access to one tenant, tagged per session by the support-access broker after the tenant granted it',
      // The shortest IAM allows; the broker asks for shorter sessions and caps them at the grant's end.
      maxSessionDuration: Duration.hours(1),
    });
    // The broker names the engineer as source identity, so CloudTrail attributes every call of the session.
    this.role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        actions: ['sts:SetSourceIdentity'],
        principals: [new iam.ArnPrincipal(props.brokerRole.roleArn)],
        conditions: requireTenantTag,
      }),
    );
    Tags.of(this.role).add(TAG.purpose, TAG_VALUE.supportWithConsent);
    this.scope = new iam.ManagedPolicy(this, 'Scope', {
      description: 'Boundary of support sessions: read-only, the session tenant only (P-SUPPORT-CONSENT)',
    });
    // Set on the role and applied after the stack's jurisdiction boundary, which it replaces: it
    // allows reads of this jurisdiction's stores in this region only, so it caps residency too.
    (this.role.node.defaultChild as iam.CfnRole).permissionsBoundary = this.scope.managedPolicyArn;
    PermissionsBoundary.of(this.role).apply(this.scope);

    if (props.buckets.length > 0) {
      this.scope.addStatements(
        new iam.PolicyStatement({
          sid: 'ReadTenantObjects',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: props.buckets.map((b) => b.arnForObjects(`tenants/${TENANT}/*`)),
        }),
      );
      this.scope.addStatements(
        new iam.PolicyStatement({
          sid: 'ListTenantPrefix',
          actions: ['s3:ListBucket', 's3:ListBucketVersions'],
          resources: props.buckets.map((b) => b.bucketArn),
          conditions: { StringLike: { 's3:prefix': [`tenants/${TENANT}/`, `tenants/${TENANT}/*`] } },
        }),
      );
    }
    if (props.tables.length > 0) {
      this.scope.addStatements(
        new iam.PolicyStatement({
          sid: 'ReadTenantItems',
          actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
          resources: props.tables.map((t) => t.tableArn),
          conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [TENANT] } },
        }),
      );
    }
    const via = [`s3.${region}.amazonaws.com`, `dynamodb.${region}.amazonaws.com`];
    this.scope.addStatements(
      new iam.PolicyStatement({
        sid: 'DecryptClassKeysThroughStores',
        actions: ['kms:Decrypt'],
        resources: props.keys.map((k) => k.keyArn),
        conditions: { StringEquals: { 'kms:ViaService': via } },
      }),
    );
    // Tenant keys are created per tenant at onboarding, so they cannot be listed here; the
    // encryption context every tenant object carries limits this to the session's own tenant.
    const tenantKeys = `arn:${partition}:kms:${region}:${account}:key/*`;
    this.scope.addStatements(
      new iam.PolicyStatement({
        sid: 'DecryptOwnTenantKeyThroughS3',
        actions: ['kms:Decrypt'],
        resources: [tenantKeys],
        conditions: {
          StringEquals: {
            'kms:ViaService': `s3.${region}.amazonaws.com`,
            'kms:EncryptionContext:tenantId': TENANT,
            [`aws:ResourceTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey,
          },
        },
      }),
    );
    suppress(this.scope, [{
      rule: 'AwsSolutions-IAM5',
      reason: 'supportSessionTenantScope',
      appliesTo: [
        { regex: `/^Resource::.*\\/tenants\\/<aws:PrincipalTag\\/${TAG.tenant}>\\/\\*$/g` },
        { regex: `/^Resource::arn:[a-z-]+:kms:${region}:${accountInFindings(this.scope)}:key\\/\\*$/g` },
      ],
    }]);
  }
}
