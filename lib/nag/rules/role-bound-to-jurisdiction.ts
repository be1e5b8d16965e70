import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { jurisdictionStampOf } from '../conventions';
import { referencedResource } from '../references';
import { flattened, regionsIn, renderedProperties, type StewardRule } from '../rule-support';

interface Statement {
  Effect?: string;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A statement denying every regional action on every resource when the requested region is not one of `regions`. */
function deniesOtherRegions(s: Statement, regions: readonly string[]): boolean {
  const named = asList(s.Condition?.StringNotEquals?.['aws:RequestedRegion']).map(String);
  const everyAction = s.NotAction !== undefined || asList(s.Action).includes('*');
  return s.Effect === 'Deny' && everyAction && asList(s.Resource).includes('*') &&
    named.length > 0 && named.every((r) => regions.includes(r));
}

/** An allow-list boundary: every Allow names specific resources, each showing only regions of the jurisdiction. */
function allowsOnlyInside(policy: CfnResource, statements: Statement[], regions: readonly string[]): boolean {
  const allows = statements.filter((s) => s.Effect === 'Allow');
  return allows.length > 0 && allows.every((s) => {
    const resources = asList(s.Resource);
    return (s as { NotResource?: unknown }).NotResource === undefined && resources.length > 0 && resources.every((r) => {
      const named = regionsIn(flattened(policy, r));
      return named.length > 0 && named.every((n) => regions.includes(n));
    });
  });
}

/**
 * Every role carries a permissions boundary, a managed policy of the app that denies every
 * regional action outside the jurisdiction, so no policy added later can take data elsewhere.
 */
export const roleBoundToJurisdiction: StewardRule = {
  id: 'P-RESIDENCY-RoleBoundToJurisdiction',
  promise: 'P-RESIDENCY',
  scope: {
    judges:
      'Every AWS::IAM::Role: PermissionsBoundary names a managed policy of the app with a Deny of every (Not)Action on ' +
      'Resource * when aws:RequestedRegion is not one of the jurisdiction\'s regions, or whose every Allow names only ' +
      'resources that show regions of the jurisdiction (an allow-list boundary such as the support role\'s).',
    cannot: 'Global services the boundary must leave open (IAM, STS, ...), and roles created outside CloudFormation.',
  },
  info: 'P-RESIDENCY: the IAM role has no permissions boundary that keeps it inside the jurisdiction\'s regions.',
  explanation:
    'Data does not leave the jurisdiction, whatever a role\'s policies say: each role\'s PermissionsBoundary must be a ' +
    'managed policy of the app (JurisdictionBoundary) that denies every regional action outside the stamped regions.',
  check: (node: CfnResource) => {
    if (node.cfnResourceType !== 'AWS::IAM::Role') return NagRuleCompliance.NOT_APPLICABLE;
    const boundary = renderedProperties(node).PermissionsBoundary;
    if (boundary === undefined) return ['no-boundary'];
    const policy = referencedResource(node, boundary);
    if (!policy || policy.cfnResourceType !== 'AWS::IAM::ManagedPolicy') return ['boundary-not-in-app'];
    const regions = jurisdictionStampOf(node)?.regions ?? [];
    const doc = renderedProperties(policy).PolicyDocument as { Statement?: Statement[] } | undefined;
    const statements = doc?.Statement ?? [];
    const capped = statements.some((s) => deniesOtherRegions(s, regions)) || allowsOnlyInside(policy, statements, regions);
    return capped ? NagRuleCompliance.COMPLIANT : ['boundary-allows-other-regions'];
  },
};
