import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import type { INagLogger } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import {
  declareInternetIngress,
  declaredInternetIngressOf,
  type DeclaredIngressPort,
  jurisdictionStampOf,
  type JurisdictionStamp,
  stampJurisdiction,
} from './conventions';
import { NagFindingsRecorder, type NagRecord } from './nag-findings-recorder';
import { withFrozenIndex } from './references';
import { STEWARD_RULES } from './rules';
import { SecuritySummaryChecks, STEWARD_PACK_NAME } from './security-summary-checks';

/** One synthesized stack as CloudFormation receives it, with what the app stamped on the stack. */
export interface RenderedStack {
  /** Stack name, also the judged stack's name in findings. */
  readonly stackName: string;
  /** Region the stack deploys to. */
  readonly region: string;
  /** Account the stack deploys to, if concrete. */
  readonly account?: string;
  /** The synthesized template, every override and deletion applied. */
  readonly template: unknown;
  /** Jurisdiction of the stack, if the app stamped one. */
  readonly jurisdiction?: JurisdictionStamp;
  /** Ports the stack opens to the internet. */
  readonly internetIngress?: readonly DeclaredIngressPort[];
}

/** Construct id of the included template inside a judged stack; finding paths read `<stack>/Template/<logicalId>`. */
const INCLUDED = 'Template';

/**
 * Runs the SecuritySummaryChecks over templates as they were synthesized: each template is read
 * back with CfnInclude into a scratch stack, so every rule sees the properties CloudFormation will
 * receive (after `addPropertyOverride`, `addDeletionOverride` and escape hatches) and nothing the
 * construct tree merely declared. Suppressions travel in the template metadata and still apply.
 */
export function judgeRenderedStacks(stacks: readonly RenderedStack[], loggers: readonly INagLogger[] = []): NagFindingsRecorder {
  const recorder = new NagFindingsRecorder();
  const scratch = mkdtempSync(join(tmpdir(), 'steward-judge-'));
  try {
    // Never synthesized: under the CDK CLI an App would otherwise synthesize itself at process exit.
    const app = new App({ outdir: join(scratch, 'out'), analyticsReporting: false, autoSynth: false });
    stacks.forEach((rendered, i) => {
      const stack = new Stack(app, rendered.stackName, { env: { region: rendered.region, account: rendered.account } });
      if (rendered.jurisdiction) stampJurisdiction(stack, rendered.jurisdiction);
      if (rendered.internetIngress && rendered.internetIngress.length > 0) declareInternetIngress(stack, rendered.internetIngress);
      const file = join(scratch, `${i}.template.json`);
      writeFileSync(file, JSON.stringify(includable(rendered.template)));
      new CfnInclude(stack, INCLUDED, { templateFile: file, preserveLogicalIds: true });
    });
    const pack = new SecuritySummaryChecks({ reports: false, additionalLoggers: [recorder, ...loggers] });
    withFrozenIndex(app, () => {
      for (const node of app.node.findAll()) pack.visit(node);
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return recorder;
}

/** The logical id of a judged resource, from its path in the scratch app. */
export function logicalIdOf(judgedPath: string): string {
  return judgedPath.split('/').slice(2).join('/');
}

/**
 * The SecuritySummaryChecks as a CDK policy-validation plugin: after synthesis CDK hands it every
 * template, and an unsuppressed finding fails synth (in the CLI and in tests alike).
 */
export class RenderedTemplateChecks implements IPolicyValidationPlugin {
  readonly name = 'steward-security-summary';
  readonly version = '1';

  constructor(private readonly loggers: readonly INagLogger[] = []) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = context.stackTemplates.map((s) => {
      const construct = findConstruct(context.appConstruct, s.stackConstructPath);
      const template = JSON.parse(readFileSync(s.templatePath, 'utf8')) as unknown;
      const stack = construct && Stack.isStack(construct) ? construct : undefined;
      return {
        rendered: {
          stackName: stack?.stackName ?? s.stackConstructPath,
          region: s.region ?? stack?.region ?? 'unknown-region',
          account: s.accountId ?? (stack && !stack.account.startsWith('${') ? stack.account : undefined),
          template,
          jurisdiction: stack ? jurisdictionStampOf(stack) : undefined,
          internetIngress: stack ? declaredInternetIngressOf(stack) : [],
        } satisfies RenderedStack,
        templatePath: s.templatePath,
      };
    });
    const recorder = judgeRenderedStacks(stacks.map((s) => s.rendered), this.loggers);
    const pathOf = new Map(stacks.map((s) => [s.rendered.stackName, s.templatePath]));
    for (const [stackName, templatePath] of pathOf) writePackReport(templatePath, stackName, recorder.records);
    const failing = recorder.records.filter((r) => r.outcome === 'non-compliant' || r.outcome === 'error');
    const byRule = new Map<string, typeof failing>();
    for (const r of failing) byRule.set(r.ruleId, [...(byRule.get(r.ruleId) ?? []), r]);
    return {
      success: failing.length === 0,
      violations: [...byRule.entries()].map(([ruleName, records]) => ({
        ruleName,
        description: records[0].outcome === 'error' ? `rule error: ${records[0].detail}` : infoOf(ruleName),
        severity: 'error',
        violatingResources: records.map((r) => ({
          resourceLogicalId: logicalIdOf(r.path),
          templatePath: pathOf.get(r.stack) ?? r.stack,
          locations: r.findingId ? [r.findingId] : [],
        })),
      })),
    };
  }
}

/**
 * The promise pack's report beside the template, in cdk-nag's CSV layout and file name
 * (`<pack>--<stack>-NagReport.csv`), so it is read like the other packs' reports (the synth
 * report counts it): cdk-nag writes none, the pack runs on a scratch app.
 */
function writePackReport(templatePath: string, stackName: string, records: readonly NagRecord[]): void {
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const compliance: Record<NagRecord['outcome'], string> = {
    compliant: 'Compliant', 'non-compliant': 'Non-Compliant', suppressed: 'Suppressed', error: 'Error', 'suppressed-error': 'Suppressed',
  };
  const rows = records.filter((r) => r.stack === stackName).map((r) => [
    r.ruleId, `${stackName}/${logicalIdOf(r.path)}`, compliance[r.outcome], r.outcome.startsWith('suppressed') ? r.detail : 'N/A',
    'Error', infoOf(r.ruleId),
  ].map(cell).join(','));
  const header = 'Rule ID,Resource ID,Compliance,Exception Reason,Rule Level,Rule Info';
  writeFileSync(join(dirname(templatePath), `${STEWARD_PACK_NAME}--${stackName}-NagReport.csv`), [header, ...rows, ''].join('\n'));
}

function findConstruct(root: IConstruct, path: string): IConstruct | undefined {
  return root.node.findAll().find((c) => c.node.path === path);
}

function infoOf(ruleName: string): string {
  return STEWARD_RULES.find((r) => `${STEWARD_PACK_NAME}-${r.id}` === ruleName)?.info ?? ruleName;
}

/**
 * The template with intrinsics CfnInclude cannot read replaced by a string that keeps what they
 * name: `Fn::GetStackOutput` (a reference to another stack's output, possibly in another region)
 * becomes `<stack-output:region/stack/output>`, so residency rules still see the region.
 */
function includable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(includable);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Fn::GetStackOutput' in o && Object.keys(o).length === 1) {
      const out = o['Fn::GetStackOutput'] as { StackName?: unknown; OutputName?: unknown; Region?: unknown };
      return `<stack-output:${String(out.Region ?? '')}/${JSON.stringify(out.StackName)}/${String(out.OutputName)}>`;
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, includable(v)]));
  }
  return value;
}
