import { type CfnResource, Stack, TagManager } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { NagRuleResult } from 'cdk-nag';
import type { PromiseId } from './promises';

/** The reach of a rule, stated so the summary never claims more than the rule proves. */
export interface RuleScope {
  /** The resources and properties the rule reads. */
  readonly judges: string;
  /** What the rule cannot see from a template, and what covers it instead, if anything. */
  readonly cannot: string;
}

/** One check of the security summary: a cdk-nag rule tied to the promise it proves. */
export interface StewardRule {
  /** Rule id without the pack prefix, starting with the promise id, e.g. `P-RESIDENCY-StackRegionInJurisdiction`. */
  readonly id: string;
  /** The promise the rule proves. */
  readonly promise: PromiseId;
  /** What the rule judges and what it cannot, rendered in the security summary. */
  readonly scope: RuleScope;
  /** Why a resource fails, shown on a finding. */
  readonly info: string;
  /** What the rule checks and how to comply. */
  readonly explanation: string;
  /** The check: compliant, not applicable, non-compliant or a list of finding ids. */
  readonly check: (node: CfnResource) => NagRuleResult;
}

/** Rendered CloudFormation properties, read by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered CloudFormation properties, read by path
export type RenderedProps = Record<string, any>;

/** Resolves a property (tokens included) to its CloudFormation form. */
export function resolved(node: CfnResource, value: unknown): unknown {
  return Stack.of(node).resolve(value);
}

/** Resolves a property and returns it as an array (an absent value is an empty one). */
export function resolvedList<T = Record<string, unknown>>(node: CfnResource, value: unknown): T[] {
  const r = resolved(node, value);
  return Array.isArray(r) ? (r as T[]) : [];
}

/**
 * A resolved CloudFormation value as one string, so regions inside `Fn::Join` or `Fn::Sub`
 * can be read: `Ref: AWS::Region` becomes the stack's region, other references `<ref:Id>`.
 */
export function flattened(node: CfnResource, value: unknown): string {
  const region = Stack.of(node).region;
  const walk = (v: unknown): string => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.map(walk).join(',');
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Fn::Join' in o) {
        const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
        return parts.map(walk).join(sep);
      }
      if ('Ref' in o) return o.Ref === 'AWS::Region' ? region : `<ref:${String(o.Ref)}>`;
      if ('Fn::Sub' in o) {
        const sub = o['Fn::Sub'];
        return (typeof sub === 'string' ? sub : walk(sub)).replace(/\$\{AWS::Region\}/g, region);
      }
      if ('Fn::GetAtt' in o) return `<att:${walk(o['Fn::GetAtt'])}>`;
      return JSON.stringify(o);
    }
    return '';
  };
  return walk(resolved(node, value));
}

/** AWS region names that appear in a string (`eu-central-1`, `us-gov-west-1`). */
export function regionsIn(text: string): string[] {
  return [...text.matchAll(/\b[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d\b/g)].map((m) => m[0]);
}

/**
 * The tags of a resource as a record. Global tables keep their tags per replica; the replica
 * in the stack's own region speaks for the table.
 */
export function tagsOf(node: CfnResource): Record<string, string> {
  if (node instanceof dynamodb.CfnGlobalTable) {
    const region = Stack.of(node).region;
    const replicas = resolvedList<{ region?: string; tags?: { key: string; value: string }[] }>(node, node.replicas);
    const own = replicas.find((r) => r.region === region) ?? replicas[0];
    return Object.fromEntries((own?.tags ?? []).map((t) => [t.key, t.value]));
  }
  if (TagManager.isTaggable(node)) return node.tags.tagValues();
  return {};
}

/** True when a resolved CloudFormation boolean is true (`true` or `'true'`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Data stores whose tags and encryption the rules look at. */
export function isDataStore(node: CfnResource): boolean {
  return node.cfnResourceType === 'AWS::S3::Bucket' || node.cfnResourceType === 'AWS::DynamoDB::Table' ||
    node.cfnResourceType === 'AWS::DynamoDB::GlobalTable';
}

/**
 * The properties of a resource exactly as its template renders them (PascalCase, overrides and
 * deletions applied, tokens resolved), for rules that judge resource types generically.
 */
export function renderedProperties(node: CfnResource): Record<string, unknown> {
  const rendered = Stack.of(node).resolve((node as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as {
    Resources?: Record<string, { Properties?: Record<string, unknown> }>;
  };
  return Object.values(rendered.Resources ?? {})[0]?.Properties ?? {};
}

/** True when a key reference names an AWS-managed key (`alias/aws/...`, also inside an alias ARN). */
export function namesAwsManagedKey(node: CfnResource, key: unknown): boolean {
  return /(^|:)alias\/aws\//.test(flattened(node, key));
}
