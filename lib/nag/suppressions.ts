import { Stack } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { COMPLIANCE_PACKS, SUPPRESSION_REASON, type SuppressionReasonKey } from './suppression-reasons';

/**
 * The one way the app suppresses a cdk-nag finding: every suppression names its rule, takes its
 * reason from lib/nag/suppression-reasons.ts (so docs/suppressions.md can list each reason once)
 * and lands on one resource, its children only when asked. Wildcard findings are suppressed for
 * exactly the resources listed, spelled the way cdk-nag spells them.
 */

/** A finding's resource as cdk-nag spells it (`Resource::...`), or a pattern (`{ regex }`) when the stack cannot spell it. */
export type AppliesTo = string | { readonly regex: string };

/** One rule suppressed on a resource. */
export interface Suppression {
  /** The rule id, e.g. `AwsSolutions-IAM5`. */
  readonly rule: string;
  /** Why the finding is acceptable, from lib/nag/suppression-reasons.ts. */
  readonly reason: SuppressionReasonKey;
  /**
   * The findings of a granular rule (IAM4, IAM5) that are suppressed.
   * @default every finding of the rule on the resource
   */
  readonly appliesTo?: readonly AppliesTo[];
}

/** Where a suppression lands beyond the resource itself. */
export interface SuppressionScope {
  /**
   * Also suppress on every resource below the construct (e.g. a Lambda function's log group and role).
   * @default false
   */
  readonly withChildren?: boolean;
}

/** Suppresses each listed rule on `resource` (its L1, or the L1 of each child when `withChildren`), in order. */
export function suppress(resource: IConstruct, suppressions: readonly Suppression[], scope: SuppressionScope = {}): void {
  NagSuppressions.addResourceSuppressions(
    resource,
    suppressions.map((s) => ({
      id: s.rule,
      reason: SUPPRESSION_REASON[s.reason],
      ...(s.appliesTo ? { appliesTo: [...s.appliesTo] } : {}),
    })),
    scope.withChildren ?? false,
  );
}

/**
 * Suppresses AwsSolutions-IAM5 on one policy for exactly the listed wildcard resources: each
 * string is a resource as the policy states it (tokens and all) and is rendered the way cdk-nag
 * renders it in a finding, so the suppression matches that finding and no other.
 */
export function suppressWildcards(policy: IConstruct, reason: SuppressionReasonKey, resources: readonly AppliesTo[]): void {
  const stack = Stack.of(policy);
  suppress(policy, [{
    rule: 'AwsSolutions-IAM5',
    reason,
    appliesTo: resources.map((r) => (typeof r === 'string' ? `Resource::${nagResource(stack, r)}` : r)),
  }]);
}

/**
 * Suppresses one rule of the NIST 800-53 rev 5, HIPAA Security and PCI DSS packs on one
 * resource (not its children) with one reason; the packs share the rule and so the reason.
 */
export function suppressComplianceRule(
  resource: IConstruct,
  rule: string,
  reason: SuppressionReasonKey,
  appliesTo?: readonly AppliesTo[],
): void {
  suppress(resource, COMPLIANCE_PACKS.map((pack) => ({ rule: `${pack}-${rule}`, reason, appliesTo })));
}

/** How cdk-nag spells a resource in a finding: pseudo parameters and references as `<AWS::Partition>`, `<Key.Arn>`. */
export function nagResource(stack: Stack, value: string): string {
  const resolved = stack.resolve(value) as unknown;
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'Ref' in v) return `<${String((v as { Ref: string }).Ref)}>`;
    if (v && typeof v === 'object' && 'Fn::GetAtt' in v) return `<${(v as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.')}>`;
    if (v && typeof v === 'object' && 'Fn::Join' in v) {
      const [sep, parts] = (v as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
      return parts.map(render).join(sep);
    }
    return JSON.stringify(v);
  };
  return render(resolved);
}
