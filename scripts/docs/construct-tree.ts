import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One node of the construct tree as `tree.json` records it. */
export interface ConstructNode {
  readonly id: string;
  readonly path: string;
  readonly children?: Record<string, ConstructNode>;
  readonly constructInfo?: { readonly fqn: string };
  readonly attributes?: Record<string, unknown>;
}

/** CloudFormation types of the resources a construct defines, itself and below, in tree order. */
export function cfnTypesUnder(node: ConstructNode): string[] {
  const own = node.attributes?.['aws:cdk:cloudformation:type'];
  return [...(typeof own === 'string' ? [own] : []), ...Object.values(node.children ?? {}).flatMap(cfnTypesUnder)];
}

/** The construct tree a synth wrote into its cloud assembly. */
export function readConstructTree(outdir: string): ConstructNode {
  return (JSON.parse(readFileSync(join(outdir, 'tree.json'), 'utf8')) as { tree: ConstructNode }).tree;
}
