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
  /**
   * The key administrator: the role that creates the key (onboarding). The policy names it for
   * `kms:PutKeyPolicy`, so KMS's policy lockout check passes on the key policy alone.
   */
  readonly keyAdministratorArn: string;
}

/** Actions that change who controls a key, or what its tags make it match. */
const CONTROL_ACTIONS = ['kms:PutKeyPolicy', 'kms:TagResource', 'kms:UntagResource'];
/** Actions that end a key, and with it the tenant's data (crypto-shredding). */
const ENDING_ACTIONS = ['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:DisableKeyRotation'];

/**
 * The key policy. The key administrator (onboarding's role) is named for policy changes, so
 * CreateKey's lockout check never depends on IAM or on tags the new key may not carry yet; the
 * onboarding role's own IAM policy denies it every administrative action on a key that already has
 * an alias, so it administers only the key it has just created. Only the administrator and the
 * account's root user may change the policy or tags; only the platform's roles (the termination
 * workflow's shred step) and the root user may disable or delete the key. The account may read and
 * administer the rest through IAM; only the platform's own roles may use the key, only through S3
 * in this region and only with the tenant's encryption context, so the key cannot decrypt another
 * tenant's objects even by mistake (P-TENANT-ISOLATION).
 */
export function tenantKeyPolicy(p: TenantKeyPolicyParams): string {
  const account = `arn:${p.partition}:iam::${p.accountId}:root`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AdministerByKeyAdministrator',
        Effect: 'Allow',
        Principal: { AWS: p.keyAdministratorArn },
        Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey'],
        Resource: '*',
      },
      {
        Sid: 'AdministerThroughAccountIam',
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
        Sid: 'RefuseControlChangesExceptByAdministrator',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: CONTROL_ACTIONS,
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [p.keyAdministratorArn, account] } },
      },
      {
        Sid: 'RefuseEndingExceptByPlatformRoles',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ENDING_ACTIONS,
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [p.platformRoleArnPattern, account] } },
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
