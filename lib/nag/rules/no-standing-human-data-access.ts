import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { asList, matchesAny, type PolicyStatement, principalsOf } from '../policy-statements';
import { appResourcesOfType, referencedResource } from '../references';
import { renderedProperties, resolved, type StewardRule } from '../rule-support';

/** Actions that read stored tenant data (objects, items, log events) or decrypt it. */
const DATA_READS = [
  's3:GetObject', 's3:GetObjectVersion', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan',
  'dynamodb:ExportTableToPointInTime', 'kms:Decrypt', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery',
] as const;

/**
 * True when a person can assume the role at will: its trust policy allows everyone, a principal
 * that is not a role of the app (an account, a user, a role elsewhere) or a federated identity.
 */
function assumableByPeople(role: CfnResource): boolean {
  const trust = renderedProperties(role).AssumeRolePolicyDocument as { Statement?: PolicyStatement[] } | undefined;
  return asList(trust?.Statement).some((raw) => {
    const s = raw as PolicyStatement;
    if (s.Effect !== 'Allow') return false;
    const p = principalsOf(s);
    const appRole = (a: unknown) => referencedResource(role, a)?.cfnResourceType === 'AWS::IAM::Role';
    return p.everyone || p.other.length > 0 || s.NotPrincipal !== undefined || p.aws.some((a) => !appRole(a));
  });
}

/** The permission statements of a role or user: inline, and policies of the app attached to it. */
function permissionsOf(identity: CfnResource): { name: string; statements: PolicyStatement[] }[] {
  const stack = Stack.of(identity);
  const self = JSON.stringify(stack.resolve(identity.ref));
  const props = renderedProperties(identity);
  const docs = asList(props.Policies).map((p) => {
    const policy = p as { PolicyName?: string; PolicyDocument?: { Statement?: unknown } };
    return { name: `inline:${policy.PolicyName}`, statements: asList(policy.PolicyDocument?.Statement) as PolicyStatement[] };
  });
  const key = identity.cfnResourceType === 'AWS::IAM::User' ? 'Users' : 'Roles';
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const policy of appResourcesOfType(identity, type)) {
      const p = renderedProperties(policy);
      const attached = asList(p[key])
        .some((r) => referencedResource(policy, r) === identity || JSON.stringify(resolved(policy, r)) === self);
      if (!attached) continue;
      const statements = asList((p.PolicyDocument as { Statement?: unknown } | undefined)?.Statement) as PolicyStatement[];
      docs.push({ name: `policy:${stack.resolve(policy.logicalId)}`, statements });
    }
  }
  return docs;
}

/**
 * No person holds standing access to tenant data: a role people can assume at will (or an IAM
 * user) grants no action that reads stored data or decrypts it. Provider staff reach tenant data
 * only through the support role, assumable by the consent broker alone.
 */
export const noStandingHumanDataAccess: StewardRule = {
  id: 'P-SUPPORT-CONSENT-NoStandingHumanDataAccess',
  promise: 'P-SUPPORT-CONSENT',
  scope: {
    judges:
      'IAM users, and roles whose trust policy allows *, a federated identity or any AWS principal that is not a role of ' +
      `the app: their inline policies, policies of the app attached to them and managed policy ARNs, against ${DATA_READS.join(', ')} ` +
      '(wildcards and NotAction included), on any resource.',
    cannot:
      'Identity Center permission sets and roles created outside CloudFormation; it also counts a read of non-tenant data ' +
      '(any data read fails), and cannot see what an AWS-managed policy ARN grants, so any such ARN fails.',
  },
  info: 'P-SUPPORT-CONSENT: a role people can assume at will, or an IAM user, can read or decrypt stored data without a tenant\'s grant.',
  explanation:
    'The tenant decides whether the provider may access its data. No standing human identity may read data: an IAM user, ' +
    'or a role assumable by an account, user, role outside the app, federated identity or *, must not be allowed any ' +
    'data read or kms:Decrypt and must attach no managed policy ARN from outside the app; support goes through the ' +
    'consent broker and the tenant-scoped support role.',
  check: (node: CfnResource) => {
    const user = node.cfnResourceType === 'AWS::IAM::User';
    if (!user && !(node.cfnResourceType === 'AWS::IAM::Role' && assumableByPeople(node))) return NagRuleCompliance.NOT_APPLICABLE;
    const findings: string[] = [];
    for (const { name, statements } of permissionsOf(node)) {
      statements.forEach((s, i) => {
        if (s.Effect !== 'Allow') return;
        if (s.NotAction !== undefined || asList(s.Action).some((a) => matchesAny(a, DATA_READS))) findings.push(`${name}:${s.Sid ?? i}`);
      });
    }
    const props = renderedProperties(node);
    for (const arn of asList(props.ManagedPolicyArns)) {
      if (referencedResource(node, arn) === undefined) findings.push('managed-policy-arn');
    }
    if (user && asList(props.Groups).length > 0) findings.push('groups');
    return findings.length > 0 ? [...new Set(findings)] : NagRuleCompliance.COMPLIANT;
  },
};
