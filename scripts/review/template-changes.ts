import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import type { StackSnapshot, SynthSnapshot, Template } from './snapshot';

/** Resource types that hold data: replacing one starts empty, removing a retained one orphans its data. */
export const STORE_TYPES = new Set([
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Cognito::UserPool',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::EC2::Volume',
  'AWS::SecretsManager::Secret',
]);

/** Types whose additions and removals carry no meaning for a reviewer. */
const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);

export interface ResourceChangeLine {
  readonly stack: string;
  readonly change: 'added' | 'removed' | 'replaced';
  readonly type: string;
  /** Construct path below the stack, or the logical id when the template names none. */
  readonly path: string;
  /** Why a reviewer must look: a replaced or retained store. */
  readonly warning?: string;
}

/** IAM and security-group change tables of one stack, as cloudformation-diff (`cdk diff`) renders them. */
export interface SecurityChangeTables {
  readonly stack: string;
  /** True when statements allowing more were added, denying ones removed, or managed policies attached. */
  readonly permissionsBroadened: boolean;
  /** Tables with a header row first; empty tables are left out. */
  readonly iamStatements?: string[][];
  readonly managedPolicies?: string[][];
  readonly securityGroups?: string[][];
}

export interface TemplateChanges {
  readonly resources: ResourceChangeLine[];
  readonly security: SecurityChangeTables[];
}

const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (table: string[][]): string[][] => table.map((row) => row.map((cell) => cell.replace(ANSI, '')));
const nonEmpty = (table: string[][]): string[][] | undefined => (table.length > 1 ? plain(table) : undefined);

/** Construct path below the stack (without the trailing `/Resource`), or the logical id when the template names none. */
function pathOf(template: Template, stack: string, logicalId: string): string {
  const path = String(template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'] ?? logicalId).replace(/\/Resource$/, '');
  return path.startsWith(`${stack}/`) ? path.slice(stack.length + 1) : path;
}

function storeWarning(change: ResourceChangeLine['change'], type: string, deletionPolicy: string | undefined): string | undefined {
  if (!STORE_TYPES.has(type)) return undefined;
  const retained = deletionPolicy === 'Retain' || deletionPolicy === 'RetainExceptOnCreate';
  if (change === 'replaced') {
    return retained
      ? 'store replaced: the new one starts empty and the old one stays behind with its data, outside every workflow (termination included)'
      : 'store replaced: the new one starts empty and the old one is deleted with its data';
  }
  if (change === 'removed' && retained) {
    return 'retained store removed from the app: it stays in the account with its data, outside every workflow (termination included)';
  }
  return undefined;
}

/** Resource, IAM and security-group changes of every stack, from the two synths' templates. */
export function templateChanges(base: SynthSnapshot, head: SynthSnapshot): TemplateChanges {
  const before = new Map(base.stacks.map((s) => [s.name, s]));
  const after = new Map(head.stacks.map((s) => [s.name, s]));
  const resources: ResourceChangeLine[] = [];
  const security: SecurityChangeTables[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const oldTemplate = templateOf(before.get(name));
    const newTemplate = templateOf(after.get(name));
    const diff = fullDiff(oldTemplate, newTemplate);
    diff.resources.forEachDifference((logicalId, change) => {
      const type = change.newResourceType ?? change.oldResourceType ?? 'unknown';
      if (IGNORED_TYPES.has(type)) return;
      const kind: ResourceChangeLine['change'] | undefined = change.isAddition
        ? 'added'
        : change.isRemoval
          ? 'removed'
          : change.changeImpact === ResourceImpact.WILL_REPLACE
            ? 'replaced'
            : undefined;
      if (!kind) return;
      const template = kind === 'added' ? newTemplate : oldTemplate;
      const warning = storeWarning(kind, type, oldTemplate.Resources?.[logicalId]?.DeletionPolicy);
      resources.push({ stack: name, change: kind, type, path: pathOf(template, name, logicalId), ...(warning ? { warning } : {}) });
    });
    const tables: SecurityChangeTables = {
      stack: name,
      permissionsBroadened: diff.iamChanges.permissionsBroadened,
      iamStatements: nonEmpty(diff.iamChanges.summarizeStatements()),
      managedPolicies: nonEmpty(diff.iamChanges.summarizeManagedPolicies()),
      securityGroups: nonEmpty(diff.securityGroupChanges.summarize()),
    };
    if (tables.iamStatements || tables.managedPolicies || tables.securityGroups) security.push(tables);
  }
  return { resources, security };
}

function templateOf(stack: StackSnapshot | undefined): Template {
  return stack?.template ?? { Resources: {} };
}
