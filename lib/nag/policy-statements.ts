import { type CfnResource, Stack } from 'aws-cdk-lib';
import { flattened, renderedProperties } from './rule-support';

/** One statement of an IAM or resource policy, as rendered. */
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The resource-policy document a key, bucket, queue or topic policy holds; undefined for other resources. */
export function resourcePolicyOf(node: CfnResource): PolicyStatement[] | undefined {
  const p = renderedProperties(node);
  const doc = node.cfnResourceType === 'AWS::KMS::Key' ? p.KeyPolicy
    : ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy'].includes(node.cfnResourceType) ? p.PolicyDocument
      : undefined;
  if (doc === undefined) return undefined;
  return asList((doc as { Statement?: unknown }).Statement) as PolicyStatement[];
}

/** The principals of a statement by kind: `*` for everyone, otherwise the AWS, Service, Federated and CanonicalUser lists. */
export function principalsOf(s: PolicyStatement): { everyone: boolean; aws: unknown[]; service: unknown[]; other: unknown[] } {
  const p = s.Principal;
  if (p === '*') return { everyone: true, aws: [], service: [], other: [] };
  const o = (p ?? {}) as Record<string, unknown>;
  const aws = asList(o.AWS);
  return {
    everyone: aws.includes('*'),
    aws: aws.filter((a) => a !== '*'),
    service: asList(o.Service),
    other: [...asList(o.Federated), ...asList(o.CanonicalUser)],
  };
}

/**
 * The account an AWS principal belongs to: `own` for the template's own account (`AWS::AccountId`,
 * the stack's account, or a role of the app), the 12-digit id of another, or `unknown`.
 */
export function accountOf(node: CfnResource, principal: unknown): 'own' | 'unknown' | string {
  const text = flattened(node, principal);
  if (text.startsWith('<att:')) return 'own';
  const account = /^(\d{12})$/.exec(text)?.[1] ?? /^arn:[^:]*:(?:iam|sts)::(\d{12}|<ref:AWS::AccountId>):/.exec(text)?.[1];
  if (account === undefined) return 'unknown';
  const own = Stack.of(node).account;
  return account === '<ref:AWS::AccountId>' || account === own ? 'own' : account;
}

/** True when an AWS principal is the template's own account root (`arn:...:iam::<account>:root` or the bare account id). */
export function isOwnAccountRoot(node: CfnResource, principal: unknown): boolean {
  const text = flattened(node, principal);
  return accountOf(node, principal) === 'own' && (/^\d{12}$/.test(text) || /:iam::(\d{12}|<ref:AWS::AccountId>):root$/.test(text));
}

/** True when an action pattern (`*` wildcards, any case) matches one of `actions`. */
export function matchesAny(pattern: unknown, actions: readonly string[]): boolean {
  const re = new RegExp(`^${String(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return actions.some((a) => re.test(a));
}
