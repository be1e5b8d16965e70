import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { asList, type PolicyStatement } from '../policy-statements';
import { flattened, renderedProperties, type StewardRule } from '../rule-support';

const OWN_ACCOUNT_REF = '<ref:AWS::AccountId>';

/** True when every value of the statement's StringEquals condition on `key` is the template's own account. */
function namesOwnAccount(node: CfnResource, s: PolicyStatement, key: string): boolean {
  const values = asList(s.Condition?.StringEquals?.[key]);
  const own = Stack.of(node).account;
  return values.length > 0 && values.every((v) => {
    const text = flattened(node, v);
    return text === OWN_ACCOUNT_REF || text === own;
  });
}

/** A resource pattern that names no particular resource: `*`, or an ARN whose name part starts with `*`. */
const namesAnyResource = (node: CfnResource, r: unknown) => /^\*$|:\*/.test(flattened(node, r));

/**
 * Every VPC endpoint has a policy of its own (no policy is AWS's full access) in which every
 * Allow admits only principals of the platform's account and reaches only its resources
 * (aws:ResourceAccount) or resources it names: data cannot leave through an endpoint with
 * another account's credentials or to another account's bucket, key or queue.
 */
export const endpointPolicyOwnAccount: StewardRule = {
  id: 'P-TENANT-ISOLATION-EndpointPolicyOwnAccount',
  promise: 'P-TENANT-ISOLATION',
  scope: {
    judges:
      'PolicyDocument of every AWS::EC2::VPCEndpoint: present; every Allow with StringEquals aws:PrincipalAccount equal to ' +
      'the own account, and either aws:ResourceAccount equal to it or only named resources; no NotAction, NotResource or NotPrincipal.',
    cannot: 'Whether the named resources (AWS-owned buckets of package repositories and the SSM agent) are what the hosts need.',
  },
  info:
    'P-TENANT-ISOLATION: a VPC endpoint admits other accounts\' principals or reaches other accounts\' resources ' +
    '(or has no policy: full access).',
  explanation:
    'The data perimeter: an endpoint without a policy allows everything through it. Give each endpoint a policy whose Allow ' +
    'statements carry StringEquals aws:PrincipalAccount = AWS::AccountId and aws:ResourceAccount = AWS::AccountId (or name ' +
    'their resources, e.g. the AWS-owned package buckets), so a handler or host cannot reach another account through it.',
  check: (node: CfnResource) => {
    if (node.cfnResourceType !== 'AWS::EC2::VPCEndpoint') return NagRuleCompliance.NOT_APPLICABLE;
    const doc = renderedProperties(node).PolicyDocument as { Statement?: unknown } | undefined;
    if (doc === undefined) return ['policy:absent'];
    const findings: string[] = [];
    (asList(doc.Statement) as PolicyStatement[]).forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const at = `statement:${s.Sid ?? i}`;
      if (s.NotAction !== undefined || s.NotResource !== undefined || s.NotPrincipal !== undefined) findings.push(`${at}:not`);
      if (!namesOwnAccount(node, s, 'aws:PrincipalAccount')) findings.push(`${at}:principal-account`);
      const resources = asList(s.Resource);
      const named = resources.length > 0 && !resources.some((r) => namesAnyResource(node, r));
      if (!named && !namesOwnAccount(node, s, 'aws:ResourceAccount')) findings.push(`${at}:resource-account`);
    });
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
