import { CfnElement, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * What the rules read across resources and stacks of the app being judged: every resource of a
 * type, and the resource a reference names, whether a `Ref`/`Fn::GetAtt` in its own template or a
 * cross-stack `Fn::GetStackOutput` (which the rendered-template judge turns into
 * `<stack-output:region/"stack"/output>`). The rendered-template judge builds the index once for
 * the whole judged app (its tree is complete before any rule runs); elsewhere (rules run as an
 * aspect, while other aspects may still add resources) it is built afresh on every call.
 */
interface AppIndex {
  readonly byType: Map<string, CfnResource[]>;
  readonly stacks: Map<string, { byLogicalId: Map<string, CfnElement> }>;
}

const frozen = new WeakMap<IConstruct, AppIndex>();

/** Runs `judge` with the index of a complete app built once, so rules need not rebuild it per resource. */
export function withFrozenIndex<T>(app: IConstruct, judge: () => T): T {
  frozen.set(app.node.root, buildIndex(app.node.root));
  try {
    return judge();
  } finally {
    frozen.delete(app.node.root);
  }
}

function indexOf(scope: IConstruct): AppIndex {
  return frozen.get(scope.node.root) ?? buildIndex(scope.node.root);
}

function buildIndex(root: IConstruct): AppIndex {
  const index: AppIndex = { byType: new Map(), stacks: new Map() };
  for (const c of root.node.findAll()) {
    if (!(c instanceof CfnElement)) continue;
    const stack = Stack.of(c);
    const entry = index.stacks.get(stack.stackName) ?? { byLogicalId: new Map() };
    index.stacks.set(stack.stackName, entry);
    entry.byLogicalId.set(stack.resolve(c.logicalId) as string, c);
    if (c instanceof CfnResource) index.byType.set(c.cfnResourceType, [...(index.byType.get(c.cfnResourceType) ?? []), c]);
  }
  return index;
}

/** Every resource of a CloudFormation type in the app that holds `scope`. */
export function appResourcesOfType(scope: IConstruct, type: string): CfnResource[] {
  return indexOf(scope).byType.get(type) ?? [];
}

const STACK_OUTPUT = /^<stack-output:[^/]*\/"([^"]+)"\/(.+)>$/;

/**
 * The resource a value refers to (`Ref`, `Fn::GetAtt`, or another stack's output of one), if it is
 * in the app; undefined for literals, pseudo parameters and anything else.
 */
export function referencedResource(from: IConstruct, value: unknown): CfnResource | undefined {
  const stack = Stack.of(from);
  const r = stack.resolve(value) as unknown;
  const index = indexOf(from);
  const inStack = (stackName: string, logicalId: string) => index.stacks.get(stackName)?.byLogicalId.get(logicalId);
  let target: CfnElement | undefined;
  if (typeof r === 'string') {
    const m = STACK_OUTPUT.exec(r);
    if (m) target = inStack(m[1], m[2]);
  } else if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    if (typeof o.Ref === 'string' && !o.Ref.startsWith('AWS::')) target = inStack(stack.stackName, o.Ref);
    else if (Array.isArray(o['Fn::GetAtt'])) target = inStack(stack.stackName, String(o['Fn::GetAtt'][0]));
  }
  if (target instanceof CfnOutput) return referencedResource(target, target.value);
  return target instanceof CfnResource ? target : undefined;
}

/** True when `value` refers to `resource`. */
export function refersTo(from: IConstruct, value: unknown, resource: CfnResource): boolean {
  return referencedResource(from, value) === resource;
}

/** Every resource of the app that a value refers to anywhere inside it (joins, JSON documents, outputs). */
export function resourcesReferencedIn(from: IConstruct, value: unknown): CfnResource[] {
  const found: CfnResource[] = [];
  const walk = (v: unknown): void => {
    const target = referencedResource(from, v);
    if (target) {
      found.push(target);
      return;
    }
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v as Record<string, unknown>).forEach(walk);
  };
  walk(Stack.of(from).resolve(value));
  return found;
}
