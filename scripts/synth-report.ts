import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ResolvedStewardConfig } from '../lib/config/resolved';
import { type HandlerBundle, renderHandlerBundles } from './handler-bundles';

/** Outcome counts of one cdk-nag pack over every stack of a synth. */
export interface PackOutcome {
  readonly pack: string;
  readonly passed: number;
  readonly suppressed: number;
  readonly failed: number;
}

/** A synthesized stack and where it deploys. */
export interface SynthesizedStack {
  readonly name: string;
  readonly region: string;
  readonly account: string;
}

/** Stacks of a cloud assembly, from its manifest. */
export function stacksOf(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type: string; environment?: string; properties?: { stackName?: string } }>;
  };
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => {
      const [, account = 'unknown-account', region = 'unknown-region'] = /^aws:\/\/([^/]+)\/(.+)$/.exec(a.environment ?? '') ?? [];
      return { name: a.properties?.stackName ?? id, account, region };
    });
}

/**
 * Passed / suppressed / failed per pack, from the `<pack>-<stack>-NagReport.csv` files cdk-nag
 * writes into the assembly (the Compliance column: Compliant, Suppressed, Non-Compliant).
 */
export function packOutcomes(outdir: string): PackOutcome[] {
  const counts = new Map<string, { passed: number; suppressed: number; failed: number }>();
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('-NagReport.csv'))) {
    const pack = file.split('--')[0];
    const c = counts.get(pack) ?? { passed: 0, suppressed: 0, failed: 0 };
    for (const line of readFileSync(join(outdir, file), 'utf8').split('\n').slice(1)) {
      const compliance = /^"[^"]*","[^"]*","([^"]*)"/.exec(line)?.[1];
      if (compliance === 'Compliant') c.passed++;
      else if (compliance === 'Suppressed') c.suppressed++;
      else if (compliance === 'Non-Compliant') c.failed++;
    }
    counts.set(pack, c);
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([pack, c]) => ({ pack, ...c }));
}

/** The report printed at the end of `npm run synth`. */
export function renderSynthReport(input: {
  readonly config: ResolvedStewardConfig;
  readonly configSource: string;
  readonly outdir: string;
  readonly stacks: readonly SynthesizedStack[];
  readonly packs: readonly PackOutcome[];
  /** Each handler's bundle, from the assembly's assets. */
  readonly bundles: readonly HandlerBundle[];
  /** Generated documents (docs/security-summary.md, ...) that differ from what the code renders. */
  readonly staleDocuments: readonly string[];
  readonly cwd: string;
}): string {
  const { config, stacks, packs } = input;
  const lines = [``, `steward synth: ${input.configSource}`, ``, `Stacks per jurisdiction:`];
  for (const j of config.jurisdictions) {
    const mine = stacks.filter((s) => s.name.startsWith(`${config.appName}-${j.id}-`));
    const regions = [...new Set(mine.map((s) => s.region))].join(', ');
    lines.push(
      `  ${j.id.padEnd(8)} ${String(mine.length).padStart(2)} stacks in ${regions} (${j.displayName}; account ` +
        `${j.account ?? 'of the deploying credentials'})`,
    );
  }
  const others = stacks.filter((s) => !config.jurisdictions.some((j) => s.name.startsWith(`${config.appName}-${j.id}-`)));
  if (others.length > 0) lines.push(`  other    ${others.map((s) => s.name).join(', ')}`);
  lines.push(
    '',
    'Checks (findings over every stack):',
    `  ${'pack'.padEnd(16)} ${'passed'.padStart(7)} ${'suppressed'.padStart(11)} ${'failed'.padStart(7)}`,
  );
  for (const p of packs) {
    lines.push(
      `  ${p.pack.padEnd(16)} ${String(p.passed).padStart(7)} ${String(p.suppressed).padStart(11)} ${String(p.failed).padStart(7)}`,
    );
  }
  const out = relative(input.cwd, input.outdir) || '.';
  lines.push('', ...renderHandlerBundles(input.bundles));
  lines.push(
    '',
    `Reports: ${out}/*-NagReport.csv (one per pack and stack); templates: ${out}/*.template.json`,
    'Suppressions and their reasons: docs/suppressions.md',
    input.staleDocuments.length === 0
      ? 'Security summary: docs/security-summary.md is current (with docs/suppressions.md and docs/architecture.md)'
      : `STALE: ${input.staleDocuments.join(', ')}: run \`npm run docs\` and commit the result`,
    '',
  );
  return lines.join('\n');
}

/** Whether a cloud assembly directory holds nag reports (synth ran the packs). */
export function hasNagReports(outdir: string): boolean {
  return existsSync(outdir) && readdirSync(outdir).some((f) => f.endsWith('-NagReport.csv'));
}
