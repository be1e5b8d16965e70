import { type CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagRuleCompliance } from 'cdk-nag';
import { resolved, resolvedList, tagsOf, type StewardRule } from '../rule-support';
import { TAG, TAG_VALUE } from '../../vocabulary';

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const TENANT_REQUEST_TAG = `aws:RequestTag/${TAG.tenant}`;
const TENANT_PRINCIPAL_TAG = `\${aws:PrincipalTag/${TAG.tenant}}`;
/** Services that hold tenant data; every grant on them must be scoped to the session's tenant. */
const DATA_SERVICES = /^(s3|dynamodb|kms):/;

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * A statement is tenant-scoped by a condition naming the tenant tag, or by every resource
 * carrying it. A KMS statement may instead be limited with kms:ViaService to the stores, whose
 * own permissions this rule requires to be tenant-scoped, so a key is only usable on the tenant's data.
 */
function scopedToTenant(s: Statement & { Resource?: unknown }): boolean {
  if (JSON.stringify(s.Condition ?? {}).includes(TENANT_PRINCIPAL_TAG)) return true;
  const kmsOnly = asList(s.Action).every((a) => String(a).startsWith('kms:'));
  const viaStores = Object.values(s.Condition ?? {}).some((c) =>
    asList(c['kms:ViaService']).length > 0 && asList(c['kms:ViaService']).every((v) => /^(s3|dynamodb)\./.test(String(v))),
  );
  if (kmsOnly && viaStores) return true;
  const resources = asList(s.Resource);
  return resources.length > 0 && resources.every((r) => JSON.stringify(r).includes(TENANT_PRINCIPAL_TAG));
}

/** The trust policy lets only named roles (no wildcard, no account root, no service) assume the role, tagging the session with a tenant. */
function trustFindings(statements: Statement[]): string[] {
  const allows = statements.filter((s) => s.Effect === 'Allow');
  if (allows.length === 0) return ['trust:no-allow'];
  const findings: string[] = [];
  allows.forEach((s, i) => {
    const principal = s.Principal as { AWS?: unknown } | string | undefined;
    const aws = typeof principal === 'object' ? asList(principal.AWS) : [];
    const onlyRoles =
      typeof principal === 'object' && Object.keys(principal).every((k) => k === 'AWS') && aws.length > 0 &&
      aws.every((p) => p !== '*' && !JSON.stringify(p).includes(':root'));
    if (!onlyRoles) findings.push(`trust:${i}:principal`);
    const actions = asList(s.Action);
    if (actions.includes('sts:AssumeRole') && !actions.includes('sts:TagSession')) findings.push(`trust:${i}:tag-session`);
    const tenantTagged = Object.values(s.Condition ?? {}).some((c) => TENANT_REQUEST_TAG in c);
    if (!tenantTagged) findings.push(`trust:${i}:tenant-tag`);
  });
  return findings;
}

/** Policy documents of the role in the template: inline, and attached policies of the same stack. */
function identityDocuments(role: iam.CfnRole): { name: string; doc: unknown }[] {
  const stack = Stack.of(role);
  const roleRef = JSON.stringify(stack.resolve(role.ref));
  const documents: { name: string; doc: unknown }[] = resolvedList<{ policyName?: string; policyDocument?: unknown }>(
    role,
    role.policies,
  ).map((p) => ({ name: `inline:${p.policyName}`, doc: p.policyDocument }));
  for (const c of stack.node.findAll()) {
    if (!(c instanceof iam.CfnPolicy) && !(c instanceof iam.CfnManagedPolicy)) continue;
    if (!resolvedList(c, c.roles).some((r) => JSON.stringify(r) === roleRef)) continue;
    documents.push({ name: `policy:${stack.resolve(c.logicalId)}`, doc: resolved(c, c.policyDocument) });
  }
  return documents;
}

const allowsOnData = (doc: unknown) =>
  ((doc as { Statement?: Statement[] }).Statement ?? [])
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.Effect === 'Allow' && asList(s.Action).some((a) => a === '*' || DATA_SERVICES.test(String(a))));

/**
 * The role holds no standing grant on data (the consent handler adds one per grant at run time),
 * and its permissions boundary, a managed policy of the same template, scopes every data
 * permission to the session's tenant: that boundary is the most any support session can do.
 */
function permissionFindings(role: iam.CfnRole): string[] {
  const findings: string[] = [];
  for (const { name, doc } of identityDocuments(role)) {
    for (const { i } of allowsOnData(doc)) findings.push(`standing-grant:${name}:${i}`);
  }
  if (resolvedList(role, role.managedPolicyArns).length > 0) findings.push('managed-policy-arns');
  const stack = Stack.of(role);
  const ref = (resolved(role, role.permissionsBoundary) as { Ref?: string } | undefined)?.Ref;
  const boundary = stack.node
    .findAll()
    .find((c): c is iam.CfnManagedPolicy => c instanceof iam.CfnManagedPolicy && stack.resolve(c.logicalId) === ref);
  if (!boundary) return [...findings, 'boundary:missing'];
  for (const { s, i } of allowsOnData(resolved(boundary, boundary.policyDocument))) {
    if (!scopedToTenant(s)) findings.push(`boundary:${i}`);
  }
  return findings;
}

/**
 * The support role (tag steward:purpose=support-with-consent) can only be assumed by named
 * roles with a tenant session tag, holds no grant until the tenant gives one, and its boundary
 * scopes every data permission to that tenant, so access follows the tenant's grant and nothing else.
 */
export const supportRoleScopedToTenant: StewardRule = {
  id: 'P-SUPPORT-CONSENT-SupportRoleScopedToTenant',
  promise: 'P-SUPPORT-CONSENT',
  scope: {
    judges: 'Roles tagged support-with-consent: trust policy, permission policies and permissions boundary of the same template.',
    cannot:
      'Untagged roles that could read tenant data, grants given by bucket or key policies, and the per-grant inline policies ' +
      'the consent handler adds at run time (the IAM suite judges those).',
  },
  info:
    'P-SUPPORT-CONSENT: the support role can be assumed without a tenant session tag, reads data without a grant, ' +
    'or reaches data outside that tenant.',
  explanation:
    `The tenant decides whether support may access its data. A role tagged ${TAG.purpose}=support-with-consent must trust ` +
    `only named roles (no *, no account root, no service), require sts:TagSession with aws:RequestTag/${TAG.tenant}, hold ` +
    'no standing permission on data (the consent handler adds one gate per grant), attach no managed policies, and have a ' +
    `permissions boundary in the same template that scopes every s3/dynamodb permission with \${aws:PrincipalTag/${TAG.tenant}}; ` +
    'kms permissions carry the tag or are limited by kms:ViaService to S3 and DynamoDB.',
  check: (node: CfnResource) => {
    if (!(node instanceof iam.CfnRole)) return NagRuleCompliance.NOT_APPLICABLE;
    if (tagsOf(node)[TAG.purpose] !== TAG_VALUE.supportWithConsent) return NagRuleCompliance.NOT_APPLICABLE;
    const trust = resolved(node, node.assumeRolePolicyDocument) as { Statement?: Statement[] };
    const findings = [...trustFindings(trust.Statement ?? []), ...permissionFindings(node)];
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
