/**
 * Naming and policy of a tenant's own KMS key, shared by onboarding (which creates it), the
 * termination workflow (which shreds it) and the tests, so all three agree on one alias.
 */

/** `alias/<app>/<jurisdiction>/tenant/<tenantId>`. */
export function tenantKeyAlias(aliasPrefix: string, tenantId: string): string {
  return `${aliasPrefix}${tenantId}`;
}

export interface TenantKeyPolicyParams {
  readonly tenantId: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** ARN pattern of the platform's roles in this jurisdiction, e.g. `arn:aws:iam::123456789012:role/steward-eu-*`. */
  readonly platformRoleArnPattern: string;
}

/**
 * The key policy: the account may administer the key (so it can never be locked out, and the
 * termination workflow can disable and delete it through IAM), but only the platform's own
 * roles may use it, only through S3 in this region and only with the tenant's encryption
 * context, so the key cannot decrypt another tenant's objects even by mistake (P-TENANT-ISOLATION).
 */
export function tenantKeyPolicy(p: TenantKeyPolicyParams): string {
  const account = `arn:${p.partition}:iam::${p.accountId}:root`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AdministerByAccountOnly',
        Effect: 'Allow',
        Principal: { AWS: account },
        Action: [
          'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags', 'kms:ListAliases',
          'kms:PutKeyPolicy', 'kms:TagResource', 'kms:UntagResource', 'kms:EnableKeyRotation',
          'kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias',
          'kms:DisableKey', 'kms:EnableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
        ],
        Resource: '*',
      },
      {
        Sid: 'UseForThisTenantByPlatformRolesThroughS3',
        Effect: 'Allow',
        Principal: { AWS: account },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:EncryptionContext:tenantId': p.tenantId, 'kms:ViaService': `s3.${p.region}.amazonaws.com` },
          ArnLike: { 'aws:PrincipalArn': p.platformRoleArnPattern },
        },
      },
    ],
  });
}
