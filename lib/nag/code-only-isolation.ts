/**
 * What only the handlers' code keeps apart between tenants (P-TENANT-ISOLATION): every other
 * per-tenant call is made in an STS session tagged with the tenant, whose role IAM scopes to that
 * tenant's S3 prefix, DynamoDB partition and key. Each entry names the (role, SDK command) pairs
 * AWS offers no tenant-scoping condition for, and why. The IAM evaluation suite
 * (test/iam/tenant-isolation.test.ts) fails unless exactly these pairs reach another tenant, and the
 * security summary prints them.
 *
 * Roles are named by their logical id prefix; commands as `<client>:<Command>`.
 */
export interface CodeOnlyIsolation {
  /** What AWS lacks, precisely. */
  readonly reason: string;
  /** `<role> <client>:<Command>` pairs. */
  readonly pairs: readonly string[];
}

export const CODE_ONLY_ISOLATION: readonly CodeOnlyIsolation[] = [
  {
    reason:
      'Amazon Cognito user pool actions take the user pool as their only resource and have no condition key on the user, ' +
      'its attributes or its groups, so IAM cannot tell one tenant\'s portal users from another\'s; the code lists only ' +
      'users whose custom:tenantId (or group tenant-<id>) is the tenant and deletes only those.',
    pairs: [
      'TenantTerminationWorkflowdeleteusersRole cognito-identity-provider:ListUsersCommand',
      'TenantTerminationWorkflowdeleteusersRole cognito-identity-provider:ListUsersInGroupCommand',
      'TenantTerminationWorkflowdeleteusersRole cognito-identity-provider:AdminDeleteUserCommand',
      'TenantTerminationWorkflowdeleteusersRole cognito-identity-provider:DeleteGroupCommand',
      'TenantTerminationWorkflowverifyRole cognito-identity-provider:ListUsersCommand',
      'TenantTerminationWorkflowverifyRole cognito-identity-provider:ListUsersInGroupCommand',
      'DataSubjectRequestsHandlerRole cognito-identity-provider:ListUsersCommand',
      'DataSubjectRequestsHandlerRole cognito-identity-provider:AdminGetUserCommand',
      'DataSubjectRequestsHandlerRole cognito-identity-provider:AdminDeleteUserCommand',
    ],
  },
  {
    reason:
      'S3 ListBucketMultipartUploads has no s3:prefix condition key (the S3 service authorization reference lists none for it), ' +
      'so a tenant session can list the unfinished upload keys under every tenant\'s prefix of the buckets it purges; the code ' +
      'asks for its tenant\'s prefix only, and aborting an upload is scoped to the session\'s prefix.',
    pairs: [
      'EarlyLogPurgeSessionRole s3:ListMultipartUploadsCommand',
      'TenantTerminationWorkflowPurgeBucketSessionRole s3:ListMultipartUploadsCommand',
      'TenantTerminationWorkflowVerifySessionRole s3:ListMultipartUploadsCommand',
    ],
  },
  {
    reason:
      'The broker chooses the tenant of the support session it mints: STS has no condition that ties the requested tag to a ' +
      'grant, so the support role\'s trust admits any one tenant tag. What such a session may read is enforced by IAM: the ' +
      'support role reaches a tenant\'s data only through the gate the consent handler writes when that tenant grants access.',
    pairs: ['SupportConsentBrokerRole sts:AssumeRoleCommand'],
  },
  {
    reason:
      'The portal user guard (the Cognito pre-sign-up and pre-token-generation trigger) reads the registry status of the ' +
      'tenant a user names, for the sign-ups of every tenant; it has not been moved to a tenant session yet, so only its ' +
      'code keeps the read to that one item.',
    pairs: ['UserGuardRole dynamodb:GetCommand'],
  },
];
