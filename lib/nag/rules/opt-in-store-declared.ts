import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { dataClass, isDataClassId } from '../../inventory/data-classes';
import { appResourcesOfType, referencedResource, resourcesReferencedIn } from '../references';
import { flattened, isDataStore, renderedProperties, tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const WRITE_ACTIONS = new Set(['s3:PutObject', 's3:Put*', 's3:*', '*']);
const EXCEPT_PRINCIPALS = new Set(['ArnNotEquals', 'ArnNotLike', 'StringNotEquals', 'StringNotLike']);

/**
 * The write guard: a Deny of s3:PutObject to every principal on the bucket's objects, whose only
 * condition excepts a non-empty list of named roles (no wildcard in a role name).
 */
function isWriteGuard(policy: CfnResource, bucket: CfnResource, s: Statement): boolean {
  const everyone = s.Principal === '*' || asList((s.Principal as { AWS?: unknown } | undefined)?.AWS).includes('*');
  const writes = asList(s.Action).some((a) => WRITE_ACTIONS.has(String(a)));
  const objects = asList(s.Resource).some((r) => r === '*' ||
    (resourcesReferencedIn(policy, r).includes(bucket) && flattened(policy, r).endsWith('/*')));
  const operators = Object.entries(s.Condition ?? {});
  const exceptions = operators.length === 1 && EXCEPT_PRINCIPALS.has(operators[0][0]) &&
    Object.keys(operators[0][1]).length === 1 ? asList(operators[0][1]['aws:PrincipalArn']) : [];
  const named = exceptions.length > 0 && exceptions.every((a) => /:role\/[^*?]+$/.test(flattened(policy, a)));
  return s.Effect === 'Deny' && everyone && writes && objects && named;
}

/** True when a bucket policy of the app for `bucket` holds the write guard. */
function guarded(bucket: CfnResource): boolean {
  return appResourcesOfType(bucket, 'AWS::S3::BucketPolicy')
    .filter((p) => referencedResource(p, renderedProperties(p).Bucket) === bucket)
    .some((p) => ((renderedProperties(p).PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [])
      .some((s) => isWriteGuard(p, bucket, s)));
}

/**
 * Every classified store states whether it holds opt-in data (`steward:opt-in`) as the inventory
 * says, and a bucket of an opt-in class refuses writes from everyone but the named writer roles
 * (whose code refuses tenants that have not opted in), so the opt-in cannot be bypassed.
 */
export const optInStoreDeclared: StewardRule = {
  id: 'P-OPT-IN-OptInStoreDeclared',
  promise: 'P-OPT-IN',
  scope: {
    judges:
      `Classified buckets and tables: the ${TAG.optIn} tag against the data class; for a bucket of an opt-in class, a ` +
      'bucket policy of the app denying s3:PutObject on its objects to every principal except named roles (no wildcard).',
    cannot:
      'Which tenants have opted in (the writer roles\' code checks that at run time), and writes by the named roles themselves; ' +
      'a table of an opt-in class fails, since no guard for it is judged.',
  },
  info:
    `P-OPT-IN: the store's ${TAG.optIn} tag disagrees with its data class, or an opt-in bucket lacks the write guard ` +
    'in its bucket policy.',
  explanation:
    'Backups, templates and advanced-reporting logs exist only for tenants who opted in, so they live in stores of their ' +
    `own: each classified store must carry ${TAG.optIn} equal to its data class's optIn, and each bucket of an opt-in ` +
    'class needs the OptInWriteGuard statement: Deny s3:PutObject on <bucket>/* to Principal * unless aws:PrincipalArn is ' +
    'one of the named writer roles.',
  check: (node: CfnResource) => {
    if (!isDataStore(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = tagsOf(node);
    const classId = tags[TAG.dataClass];
    if (classId === undefined || !isDataClassId(classId)) return NagRuleCompliance.NOT_APPLICABLE;
    const { optIn } = dataClass(classId);
    const findings: string[] = [];
    if (tags[TAG.optIn] !== String(optIn)) findings.push('opt-in-tag');
    if (optIn && !(node.cfnResourceType === 'AWS::S3::Bucket' && guarded(node))) findings.push('write-guard');
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
