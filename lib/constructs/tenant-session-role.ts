import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { SUPPRESSION_REASON, type SuppressionReasonKey } from '../nag/suppression-reasons';
import type { HandlerFunction } from './handler-function';
import { TAG } from '../vocabulary';

/** The session's tenant, for resource ARNs and conditions of a tenant-scoped role's policy. */
export const SESSION_TENANT = `\${aws:PrincipalTag/${TAG.tenant}}`;

export interface TenantSessionRoleProps {
  /** The handler that works for one tenant at a time through sessions of this role; the only principal that may assume it. */
  readonly handler: HandlerFunction;
  /** What the sessions are for, shown on the role. */
  readonly description: string;
}

/**
 * The generalised broker pattern (see SupportAccessRole): a role only the handler's own role may
 * assume, and only with a session tag naming one tenant and no other tag. Its permissions resolve
 * `${aws:PrincipalTag/steward:tenant}`, so a bug in the handler's choice of tenant cannot reach a
 * neighbour: the handler's own role keeps no access to tenant data of this duty, and the adapter
 * builds its clients from `lambda/shared/tenant-session.ts`.
 */
export class TenantSessionRole extends Construct {
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: TenantSessionRoleProps) {
    super(scope, id);
    const oneTenantTag = {
      StringLike: { [`aws:RequestTag/${TAG.tenant}`]: '?*' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [TAG.tenant] },
    };
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.PrincipalWithConditions(new iam.ArnPrincipal(props.handler.role.roleArn).withSessionTags(), oneTenantTag),
      description: props.description,
      maxSessionDuration: Duration.hours(1),
    });
    this.policy = new iam.ManagedPolicy(this, 'Permissions', { description: props.description, roles: [this.role] });
    props.handler.allow(new iam.PolicyStatement({
      sid: 'StartTenantSessions',
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      resources: [this.role.roleArn],
      conditions: oneTenantTag,
    }));
  }

  /** Adds permissions to the sessions; use SESSION_TENANT to bind each to the session's tenant. */
  allow(...statements: iam.PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }

  /** Suppresses IAM5 on the session policy for exactly the listed wildcard resources. */
  suppressWildcards(reason: SuppressionReasonKey, appliesTo: string[]): void {
    NagSuppressions.addResourceSuppressions(this.policy, [{ id: 'AwsSolutions-IAM5', reason: SUPPRESSION_REASON[reason], appliesTo }]);
  }
}
