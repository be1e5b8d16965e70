import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { HandlerFunction } from './handler-function';
import { ENV, TAG } from '../vocabulary';
import { TenantDataGrants } from './tenant-data-grants';

/** The session's tenant, for resource ARNs and conditions of a tenant-scoped role's policy. */
export const SESSION_TENANT = `\${aws:PrincipalTag/${TAG.tenant}}`;

/**
 * Tag values outside the tenant id pattern (`lambda/shared/tenant-id.ts`: 3..63 lower-case
 * letters, digits and inner hyphens) that IAM can recognise: STS tag values may hold only
 * letters, digits, white space and `_ . : / = + - @`, so every ASCII value that breaks the
 * pattern matches one of these. Non-ASCII letters match none; the code refuses them.
 */
export const NON_TENANT_TAG_VALUES: readonly string[] = [
  '?', '??', `${'?'.repeat(64)}*`, '-*', '*-',
  ...[' ', '_', '.', ':', '/', '=', '+', '@'].map((c) => `*${c}*`),
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `*${c}*`),
];

export interface TenantSessionRoleProps {
  /** The handler that works for one tenant at a time through sessions of this role; the only principal that may assume it. */
  readonly handler: HandlerFunction;
  /** What the sessions are for, shown on the role. */
  readonly description: string;
  /**
   * Fixed role name, for resource policies that name the role before it exists (e.g. the opt-in buckets').
   * @default a name CloudFormation generates
   */
  readonly roleName?: string;
}

/**
 * The generalised broker pattern (see SupportAccessRole): a role only the handler's own role may
 * assume, only with one session tag, `steward:tenant`, whose value has the shape of a tenant id.
 * Its permissions resolve `${aws:PrincipalTag/steward:tenant}`, so a bug in the handler's choice
 * of tenant cannot reach a neighbour: one session reaches one tenant's prefix, partition and key.
 * The handler's own role keeps no access to tenant data of this duty; its adapter builds its
 * clients from `lambda/shared/tenant-session.ts` with the role's ARN (`TENANT_SESSION_ROLE_ARN`).
 * Sessions last an hour at most: the handler's own credentials are a role session, and STS caps
 * a chained session at one hour.
 */
export class TenantSessionRole extends Construct {
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  /** Grants on the session policy, each bound to the session's tenant. */
  readonly grants: TenantDataGrants;

  constructor(scope: Construct, id: string, props: TenantSessionRoleProps) {
    super(scope, id);
    const oneTenantTag = {
      StringLike: { [`aws:RequestTag/${TAG.tenant}`]: '?*' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [TAG.tenant] },
    };
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new iam.PrincipalWithConditions(new iam.ArnPrincipal(props.handler.role.roleArn).withSessionTags(), oneTenantTag),
      description: props.description,
      maxSessionDuration: Duration.hours(1),
    });
    this.role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      sid: 'RefuseTagsThatAreNoTenantId',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      conditions: { StringLike: { [`aws:RequestTag/${TAG.tenant}`]: [...NON_TENANT_TAG_VALUES] } },
    }));
    this.policy = new iam.ManagedPolicy(this, 'Permissions', { description: props.description, roles: [this.role] });
    this.grants = new TenantDataGrants(this.policy, SESSION_TENANT);
    props.handler.allow(new iam.PolicyStatement({
      sid: 'StartTenantSessions',
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      resources: [this.role.roleArn],
      conditions: oneTenantTag,
    }));
    props.handler.function.addEnvironment(ENV.tenantSessionRoleArn, this.role.roleArn);
  }

  /** Adds permissions to the sessions; use SESSION_TENANT to bind each to the session's tenant. */
  allow(...statements: iam.PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }
}
