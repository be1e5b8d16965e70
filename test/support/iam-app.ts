import { buildIamModel, type IamModel, type ModelRole } from './iam-model';
import { renderDefaultApp } from './rendered-app';

let cached: IamModel | undefined;

/** The default app's synthesized templates (the run's one synth without cdk-nag) resolved into an IAM model, once per test file. */
export function defaultAppIamModel(): IamModel {
  if (cached) return cached;
  const templates: Record<string, never> = {};
  const regions: Record<string, string> = {};
  for (const s of renderDefaultApp()) {
    templates[s.stackName] = s.template as never;
    regions[s.stackName] = s.region;
  }
  cached = buildIamModel(templates, regions);
  return cached;
}

/** The role of a stack whose logical id starts with `logicalIdPrefix`; exactly one must match. */
export function roleOf(model: IamModel, stack: string, logicalIdPrefix: string): ModelRole {
  const found = model.roles.filter((r) => r.stack === stack && ownId(r.logicalId, logicalIdPrefix));
  if (found.length !== 1) throw new Error(`${stack}: ${found.length} roles start with ${logicalIdPrefix}`);
  return found[0];
}

/** The ARN of a resource of a stack whose logical id starts with `logicalIdPrefix`. */
export function arnOf(model: IamModel, stack: string, logicalIdPrefix: string): string {
  const found = [...model.arns.entries()].filter(([k]) => k.startsWith(`${stack}/`) && ownId(k.slice(stack.length + 1), logicalIdPrefix));
  if (found.length !== 1) throw new Error(`${stack}: ${found.length} resources start with ${logicalIdPrefix}`);
  return found[0][1];
}

/** A logical id is CDK's path without separators plus an 8-character hash: `<prefix><anything><hash>`, not a longer sibling's. */
function ownId(logicalId: string, prefix: string): boolean {
  return logicalId.startsWith(prefix) && /^[A-Za-z]*?[0-9A-F]{8}$/.test(logicalId.slice(prefix.length)) && !/^[A-Z][a-z]/.test(logicalId.slice(prefix.length));
}
