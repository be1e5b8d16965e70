import type { CfnResourceJson, StackSnapshot } from './snapshot';

/**
 * A CloudFormation value as one string, so a region inside `Fn::Join` can be read:
 * `Ref: AWS::Region` becomes the stack's region, other references `<Id>`.
 */
export function flatten(value: unknown, region: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => flatten(v, region)).join(',');
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => flatten(p, region)).join(sep);
    }
    if ('Ref' in o) return o.Ref === 'AWS::Region' ? region : `<${String(o.Ref)}>`;
    if ('Fn::Sub' in o) {
      const sub = o['Fn::Sub'];
      return (typeof sub === 'string' ? sub : flatten(sub, region)).replace(/\$\{AWS::Region\}/g, region);
    }
    if ('Fn::GetAtt' in o) return `<${flatten(o['Fn::GetAtt'], region)}>`;
    return JSON.stringify(o);
  }
  return '';
}

/** AWS region names in a string (`eu-central-1`, `us-gov-west-1`). */
export function regionsIn(text: string): string[] {
  return [...text.matchAll(/\b[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d\b/g)].map((m) => m[0]);
}

/** A resource's tags (`Tags: [{Key, Value}]`); a global table's are those of its replica in the stack's region. */
export function tagsOf(resource: CfnResourceJson, region: string): Record<string, string> {
  const props = resource.Properties ?? {};
  let tags = props.Tags;
  if (resource.Type === 'AWS::DynamoDB::GlobalTable') {
    const replicas = (props.Replicas as { Region?: string; Tags?: unknown }[] | undefined) ?? [];
    tags = (replicas.find((r) => r.Region === region) ?? replicas[0])?.Tags;
  }
  if (!Array.isArray(tags)) return {};
  return Object.fromEntries(
    tags.filter((t) => t && typeof t.Key === 'string').map((t: { Key: string; Value: unknown }) => [t.Key, String(t.Value)]),
  );
}

/** Every resource of a type in a stack, with its logical id and construct path. */
export function resourcesOfType(stack: StackSnapshot, ...types: string[]): { id: string; path: string; resource: CfnResourceJson }[] {
  return Object.entries(stack.template.Resources ?? {})
    .filter(([, r]) => types.includes(r.Type))
    .map(([id, resource]) => ({ id, path: String(resource.Metadata?.['aws:cdk:path'] ?? `${stack.name}/${id}`), resource }));
}

/** True for a CloudFormation boolean that is true (`true` or `'true'`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A CloudFormation number (`30` or `'30'`), or undefined. */
export function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
