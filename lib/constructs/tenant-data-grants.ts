import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { accountInFindings } from '../nag/finding-tokens';
import { suppress } from '../nag/suppressions';
import { TAG, TAG_VALUE, TENANT_OBJECTS } from '../vocabulary';



/** Listing prefixes IAM accepts: one tenant's (`tenants/<id>/...`), never `tenants/` itself. */
export const ONE_TENANT_LISTING = 'tenants/?*/*';

/** A bucket addressed by name and ARN, e.g. a replica in another region that this stack cannot reference. */
export interface NamedBucket {
  readonly bucketName: string;
  readonly bucketArn: string;
}

/** What a grant needs of a bucket: its ARN (a replica in another region is addressed by its derived name). */
type AnyBucket = Pick<s3.IBucket, 'bucketArn'>;

/**
 * Least-privilege grants on tenant data: explicit actions (never `s3:*` or `s3:Get*`), object
 * resources limited to a tenant prefix, listings limited to it, keys usable only through the
 * service that stores the data. Bound to the tenant of a tagged session (TenantSessionRole's
 * `grants`), each grant reaches one tenant: objects and listings under `tenants/<session tenant>/`,
 * items whose partition key is the session tenant (`dynamodb:LeadingKeys`), tenant keys only with
 * the session tenant's encryption context. Unbound, on a role that serves every tenant, they reach
 * `tenants/*` and every partition, and only the code chooses the tenant.
 */
export class TenantDataGrants {
  /**
   * @param policy the policy the grants go into (`HandlerFunction.policy`, `TenantSessionRole.policy`)
   * @param tenant the tenant each grant is bound to, `${aws:PrincipalTag/steward:tenant}` for a session; none for every tenant
   */
  constructor(readonly policy: iam.ManagedPolicy, readonly tenant?: string) {}

  private get tenantObjects(): string {
    return this.tenant ? `tenants/${this.tenant}/*` : TENANT_OBJECTS;
  }

  private add(statement: iam.PolicyStatement): void {
    this.policy.addStatements(statement);
  }

  /** Any other explicit statement, e.g. on a user pool or a role. */
  allow(sid: string, actions: readonly string[], resources: readonly string[]): this {
    this.add(new iam.PolicyStatement({ sid, actions: [...actions], resources: [...resources] }));
    return this;
  }

  /** Object-level actions under the tenant prefix of each bucket. */
  objects(sid: string, buckets: readonly AnyBucket[], actions: readonly string[]): this {
    if (buckets.length === 0) return this;
    this.add(
      new iam.PolicyStatement({ sid, actions: [...actions], resources: buckets.map((b) => `${b.bucketArn}/${this.tenantObjects}`) }),
    );
    return this;
  }

  /** Listing actions on each bucket, only below one tenant's prefix (never all of `tenants/` at once). */
  listings(sid: string, buckets: readonly AnyBucket[], actions: readonly string[]): this {
    if (buckets.length === 0) return this;
    this.add(
      new iam.PolicyStatement({
        sid,
        actions: [...actions],
        resources: buckets.map((b) => b.bucketArn),
        conditions: { StringLike: { 's3:prefix': [this.tenant ? this.tenantObjects : ONE_TENANT_LISTING] } },
      }),
    );
    return this;
  }

  /** Bucket-level actions with no prefix condition (S3 offers none for listing multipart uploads). */
  buckets(sid: string, buckets: readonly AnyBucket[], actions: readonly string[]): this {
    if (buckets.length === 0) return this;
    this.add(new iam.PolicyStatement({ sid, actions: [...actions], resources: buckets.map((b) => b.bucketArn) }));
    return this;
  }

  /** Key actions on class keys, only through the named services of this region. */
  keys(sid: string, keys: readonly kms.IKey[], actions: readonly string[], services: readonly ('s3' | 'dynamodb')[]): this {
    if (keys.length === 0) return this;
    const region = Stack.of(this.policy).region;
    this.add(
      new iam.PolicyStatement({
        sid,
        actions: [...actions],
        resources: keys.map((k) => k.keyArn),
        conditions: { StringEquals: { 'kms:ViaService': services.map((s) => `${s}.${region}.amazonaws.com`) } },
      }),
    );
    return this;
  }

  /**
   * Key actions on tenant keys (created per tenant at onboarding, so not listable here): only keys
   * tagged as tenant keys, only through S3 of this region and only with a tenant encryption
   * context, which each tenant key's policy binds to its own tenant.
   */
  tenantKeys(sid: string, actions: readonly string[]): this {
    const { partition, region, account } = Stack.of(this.policy);
    this.add(
      new iam.PolicyStatement({
        sid,
        actions: [...actions],
        resources: [`arn:${partition}:kms:${region}:${account}:key/*`],
        conditions: this.tenant
          ? {
            StringEquals: {
              'kms:ViaService': `s3.${region}.amazonaws.com`, [`aws:ResourceTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey,
              'kms:EncryptionContext:tenantId': this.tenant,
            },
          }
          : {
            StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com`, [`aws:ResourceTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey },
            Null: { 'kms:EncryptionContext:tenantId': 'false' },
          },
      }),
    );
    return this;
  }

  /**
   * Item actions on tables (or table ARNs, e.g. replicas), partitioned by tenant id; bound to a
   * tenant, only on items whose partition key is that tenant.
   */
  tables(sid: string, tables: readonly (dynamodb.ITableV2 | string)[], actions: readonly string[]): this {
    if (tables.length === 0) return this;
    this.add(new iam.PolicyStatement({
      sid,
      actions: [...actions],
      resources: tables.map((t) => (typeof t === 'string' ? t : t.tableArn)),
      conditions: this.tenant
        ? { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [this.tenant] }, Null: { 'dynamodb:LeadingKeys': 'false' } }
        : undefined,
    }));
    return this;
  }

  /** Writing audit records of one operation into the audit-receipts bucket (see lambda/shared/audit-record.ts). */
  audit(bucket: s3.IBucket, key: kms.IKey, operations: readonly string[]): this {
    this.add(
      new iam.PolicyStatement({
        sid: 'WriteAuditRecords',
        actions: ['s3:PutObject'],
        resources: operations.map((op) => bucket.arnForObjects(`data-rights/${op}/*`)),
      }),
    );
    return this.keys('EncryptAuditRecords', [key], ['kms:GenerateDataKey'], ['s3']);
  }

  /**
   * Records, on this policy only, why its wildcards are acceptable: every one is a tenant
   * prefix, an audit prefix or the tenant keys of this region bound by encryption context.
   */
  suppressTenantWildcards(): void {
    const region = Stack.of(this.policy).region;
    suppress(this.policy, [{
      rule: 'AwsSolutions-IAM5',
      reason: this.tenant ? 'tenantSessionScope' : 'dataRightsTenantScope',
      appliesTo: [
        this.tenant
          // cdk-nag spells the policy variable `${aws:PrincipalTag/steward:tenant}` as `<aws:PrincipalTag/steward:tenant>`.
          ? { regex: `/^Resource::.*\\/tenants\\/<aws:PrincipalTag\\/${TAG.tenant}>\\/\\*$/g` }
          : { regex: '/^Resource::.*\\/tenants\\/\\*$/g' },
        { regex: '/^Resource::.*\\/data-rights\\/[a-z-]+\\/\\*$/g' },
        { regex: `/^Resource::arn:[a-z-]+:kms:${region}:${accountInFindings(this.policy)}:key\\/\\*$/g` },
      ],
    }]);
  }
}
