import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config/load';
import { DATA_CLASSES, type DataClass } from '../lib/inventory/data-classes';
import { CODE_ONLY_ISOLATION } from '../lib/nag/code-only-isolation';
import type { NagRecord } from '../lib/nag/nag-findings-recorder';
import { type Keeper, ORGANISATIONAL_PROMISES, PROMISES, SEED_TITLES, type SeedQuote } from '../lib/nag/promises';
import { STEWARD_RULES } from '../lib/nag/rules';
import { STEWARD_PACK_NAME } from '../lib/nag/security-summary-checks';
import { DOCS_COMMAND } from './docs/render-suppressions';
import { suppressionTotals } from './docs/suppression-ledger';
import { synthApp } from './docs/synth-app';
import { TAG } from '../lib/vocabulary';
import { quietly } from './quietly';
import { factKey, promiseFacts, type FactValue, type PromiseFact } from './review/promise-facts';

/** How the summary names the default app. */
export const DEFAULT_APP_LABEL = 'the default app (EU + US)';

/** Where the generated summary is committed. */
export const SUMMARY_PATH = join(__dirname, '..', 'docs', 'security-summary.md');

const byText = (a: string, b: string) => a.localeCompare(b);

function quote(q: SeedQuote): string {
  const source = `seed ${q.seed}, ${SEED_TITLES[q.seed]}`;
  return q.gloss
    ? `> ${q.text}\n>\n> *English:* ${q.gloss}\n>\n> — ${source}`
    : `> ${q.text}\n>\n> — ${source}`;
}

/** `pass (12)`, `3 findings`, `2 suppressed`, or `no resource of this kind` for one rule. */
function status(records: readonly NagRecord[]): string {
  const count = (o: NagRecord['outcome']) => records.filter((r) => r.outcome === o).length;
  const failing = count('non-compliant') + count('error');
  const suppressed = count('suppressed') + count('suppressed-error');
  const passing = count('compliant');
  const parts: string[] = [];
  if (failing > 0) parts.push(`**${failing} finding${failing === 1 ? '' : 's'}**`);
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  if (failing === 0 && passing > 0) parts.unshift(`pass (${passing})`);
  return parts.length > 0 ? parts.join(', ') : 'no resource of this kind';
}

/** Distinct resources a set of records judged, counted per CloudFormation type and stack. */
function resourceCounts(records: readonly NagRecord[]): string[] {
  const seen = new Map<string, Map<string, Set<string>>>();
  for (const r of records) {
    const stacks = seen.get(r.resourceType) ?? new Map<string, Set<string>>();
    const paths = stacks.get(r.stack) ?? new Set<string>();
    paths.add(r.path);
    stacks.set(r.stack, paths);
    seen.set(r.resourceType, stacks);
  }
  return [...seen.keys()].sort(byText).map((type) => {
    const stacks = seen.get(type)!;
    const perStack = [...stacks.keys()].sort(byText).map((s) => `${s} ${stacks.get(s)!.size}`);
    return `| \`${type}\` | ${perStack.join(', ')} |`;
  });
}

/** A fact's value in the summary's words. */
function valueText(value: FactValue | undefined, noLimit = 'no expiry'): string {
  if (!value) return '–';
  if (value.kind === 'days') return value.days === null ? noLimit : `${value.days} day${value.days === 1 ? '' : 's'}`;
  if (value.kind === 'set') return value.items.length > 0 ? value.items.join(', ') : 'none';
  return value.level;
}

/** Columns of the values table, one row per data class. */
const VALUE_COLUMNS = [
  'data class',
  'retention',
  'old versions kept',
  'replica regions',
  'key',
  'rotation',
  'key deletion window',
  'backup window',
  'deleted on termination',
];

/**
 * The values the synthesized app holds, per jurisdiction: each data class's retention, replica
 * regions, key and rotation, backup and deletion windows, and what termination reaches. Read from
 * the templates (the review's promise facts), so a changed default or config changes this text.
 */
export function renderValues(facts: readonly PromiseFact[]): string[] {
  const byKey = new Map(facts.map((f) => [factKey(f), f]));
  const value = (subject: string | undefined, aspect: string) =>
    subject === undefined ? undefined : byKey.get(factKey({ subject, aspect }))?.value;
  const jurisdictions = [...new Set(facts.filter((f) => f.aspect === 'regions with stacks').map((f) => f.subject))].sort();
  const lines: string[] = ['## Values of this configuration', ''];
  for (const j of jurisdictions) {
    const covered = value(j, 'stores the termination workflow deletes from');
    const coveredItems = covered?.kind === 'set' ? covered.items : [];
    const regions = valueText(value(j, 'regions with stacks'));
    lines.push(
      `### Jurisdiction \`${j}\``,
      '',
      `Regions with stacks: ${regions}. Ports open to the internet: ${valueText(value(j, 'ports open to the internet'))}.`,
      ...facts
        .filter((f) => f.subject.startsWith(`${j} `) && f.aspect === 'MFA')
        .map((f) => `Portal MFA (${f.subject.slice(j.length + 1)}): ${valueText(f.value)}.`),
      ...facts
        .filter((f) => f.subject === `${j} tenant keys`)
        .map((f) => `A terminated tenant's key is deleted ${valueText(f.value)} after termination (disabled at once).`),
      '',
      `| ${VALUE_COLUMNS.join(' | ')} |`,
      `|${VALUE_COLUMNS.map(() => '---').join('|')}|`,
    );
    for (const cls of DATA_CLASSES) {
      const subject = `${j} ${cls.id}`;
      const key = facts.find((f) => f.subject.startsWith(`${j} key `) && f.subject.endsWith(`/${cls.id}`))?.subject;
      const stores = coveredItems.filter((i) => i.startsWith(`${cls.id} `)).map((i) => i.replace(/^.* in /, ''));
      const retention = value(subject, 'retention');
      if (!retention && !key && stores.length === 0) continue;
      const rotation = value(key, 'rotation');
      const pitr = value(subject, 'point-in-time recovery');
      const backupWindow = valueText(value(subject, 'backup window (deleted items restorable)'));
      const cells = [
        cls.id,
        retention ? valueText(retention, cls.retention.kind === 'tenancy' ? 'tenancy (no expiry)' : 'no expiry') : declaredRetention(cls),
        valueText(value(subject, 'old versions kept')),
        valueText(value(subject, 'replica regions')),
        key ? `\`${key.slice(`${j} key `.length)}\`` : '–',
        !rotation ? '–' : valueText(rotation) === 'on' ? `every ${valueText(value(key, 'rotation period'))}` : 'off',
        valueText(value(key, 'deletion window')),
        !pitr ? '–' : valueText(pitr) === 'on' ? `point-in-time, ${backupWindow}` : 'none',
        stores.length > 0 ? stores.join(', ') : 'no',
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines;
}

/** A store without a retention in its template (a table, the user pool): what the inventory declares, kept by code. */
function declaredRetention(cls: DataClass): string {
  return cls.retention.kind === 'tenancy' ? 'tenancy' : `${cls.retention.defaultDays} days (item time to live)`;
}

/** What a summary is rendered from: one synth's nag outcomes and promise facts. */
export interface SummaryInput {
  readonly records: readonly NagRecord[];
  readonly facts: readonly PromiseFact[];
  /** The configuration in words, e.g. `the default app (EU + US)`. */
  readonly configLabel: string;
}

/**
 * What IAM enforces between tenants and what only code does, from the catalogue the IAM evaluation
 * suite holds exact (lib/nag/code-only-isolation.ts).
 */
export function renderCodeOnlyIsolation(): string[] {
  return [
    '### What IAM keeps apart, and what only code does',
    '',
    `Per-tenant work runs in an STS session tagged \`${TAG.tenant}=<tenant>\` (a \`TenantSessionRole\` per duty: the`,
    'termination steps but delete-users, early purge, export, data-subject requests, the opt-in writer, support consent,',
    'the broker\'s reads and onboarding\'s registry entry). The session role\'s policy resolves',
    `\`\${aws:PrincipalTag/${TAG.tenant}}\` in S3 object ARNs and \`s3:prefix\`, in \`dynamodb:LeadingKeys\` and in`,
    `\`kms:EncryptionContext:tenantId\` (tenant keys also by \`aws:ResourceTag/${TAG.tenant}\`); its trust admits only the`,
    'handler\'s own role, with `sts:TagSession`, exactly that one tag, and refuses tag values that are no tenant id. The',
    'function roles keep only what is not per-tenant: starting sessions, logs, audit records, workflow executions.',
    '',
    'The handler\'s role still chooses the tenant it asks a session for: a bug in tenant *selection* can act for the wrong',
    'tenant, but one session can reach only the one tenant it is tagged with. Sessions last 15 minutes (links: as long as',
    'the link, at most an hour, the limit of a chained session) and are kept per tenant across invocations.',
    '',
    'Only code keeps these (role, SDK command) pairs to one tenant, because AWS offers no condition that could:',
    '',
    '| pairs | why IAM cannot |',
    '|---|---|',
    ...CODE_ONLY_ISOLATION.map((c) => `| ${c.pairs.map((p) => `\`${p}\``).join('<br>')} | ${c.reason} |`),
    '',
  ];
}

/** The security summary of one configuration, as Markdown, from its synth. */
export function renderSecuritySummary({ records, facts, configLabel }: SummaryInput): string {
  const steward = records.filter((r) => r.pack === STEWARD_PACK_NAME);
  const lines: string[] = [
    '# Security summary',
    '',
    `<!-- Generated by \`${DOCS_COMMAND}\` (or \`npm run summary\`) from ${configLabel}; do not edit by hand. -->`,
    '',
    'Each promise of the seeds, the sentences it comes from, the `Steward` cdk-nag rules that prove it on every',
    `synth (\`lib/nag/rules/\`), their status on ${configLabel} and the resources they judged. Statuses count`,
    'resources: `pass (n)` means n resources were judged compliant; findings fail `npm run synth`. Promises no',
    'rule can judge say so, and organisational promises are listed at the end, not claimed. The rules judge the',
    'synthesized templates, after every override; each states what it judges and what it cannot.',
    '',
    ...renderValues(facts),
  ];
  for (const promise of PROMISES) {
    const rules = STEWARD_RULES.filter((r) => r.promise === promise.id);
    const judged = steward.filter((r) => rules.some((rule) => r.ruleId === `${STEWARD_PACK_NAME}-${rule.id}`));
    lines.push(`## ${promise.id}`, '', promise.promise, '');
    for (const q of promise.seeds) lines.push(quote(q), '');
    if (rules.length === 0) {
      lines.push('No synth-time rule: nothing in a template can show it.', '');
    } else {
      lines.push('| rule | status |', '|---|---|');
      for (const rule of rules) {
        const id = `${STEWARD_PACK_NAME}-${rule.id}`;
        lines.push(`| \`${id}\` | ${status(steward.filter((r) => r.ruleId === id))} |`);
      }
      lines.push('', '| rule | judges | cannot judge |', '|---|---|---|');
      for (const rule of rules) lines.push(`| \`${STEWARD_PACK_NAME}-${rule.id}\` | ${rule.scope.judges} | ${rule.scope.cannot} |`);
      lines.push('');
      const counts = resourceCounts(judged);
      if (counts.length > 0) lines.push('| resources judged | per stack |', '|---|---|', ...counts, '');
    }
    if (promise.keptBy) lines.push('Also kept by:', '', ...promise.keptBy.map(keeperLine), '');
    if (promise.how) lines.push(`How: ${promise.how}.`, '');
    if (promise.enforcedByCodeOnly) lines.push(`Enforced only by code: ${promise.enforcedByCodeOnly}.`, '');
    if (promise.id === 'P-TENANT-ISOLATION') lines.push(...renderCodeOnlyIsolation());
  }
  lines.push(
    '## Organisational promises',
    '',
    'These are in the seeds but infrastructure code cannot keep them; they are listed, not claimed.',
    '',
  );
  for (const o of ORGANISATIONAL_PROMISES) {
    lines.push(`### ${o.title}`, '', ...o.seeds.flatMap((q) => [quote(q), '']), `Why not here: ${o.why}.`, '');
  }
  const suppressions = suppressionTotals(records);
  lines.push(
    '## Suppressions',
    '',
    `${configLabel[0].toUpperCase()}${configLabel.slice(1)} carries ${suppressions.decisions} suppression decisions`,
    `(${suppressions.findings} suppressed findings`,
    'across the packs). Each one, with its rule, stack, resource, scope and reason, is in',
    '[docs/suppressions.md](suppressions.md) (the default app\'s ledger).',
    '',
  );
  return lines.join('\n');
}

/** The committed summary, or an empty string if there is none yet. */
export function committedSummary(): string {
  try {
    return readFileSync(SUMMARY_PATH, 'utf8');
  } catch {
    return '';
  }
}

/** `npm run summary -- -c stewardConfig=<file> [--out <file>]`: the summary of any configuration. */
function main(argv: readonly string[]): void {
  const context = argv.indexOf('-c');
  const setting = context >= 0 ? argv[context + 1] : undefined;
  if (setting !== undefined && !setting.startsWith('stewardConfig=')) {
    throw new Error(`-c: only stewardConfig=<file> is understood, got '${setting}'`);
  }
  const configPath = setting?.slice('stewardConfig='.length);
  const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : undefined;
  // Bundling lines would land in the summary when it goes to stdout.
  const synth = quietly(() => synthApp(loadConfig(configPath)));
  const rendered = renderSecuritySummary({
    records: synth.records,
    facts: promiseFacts(synth.snapshot),
    configLabel: configPath ? `the configuration \`${configPath}\`` : DEFAULT_APP_LABEL,
  });
  const target = out ?? (configPath ? undefined : SUMMARY_PATH);
  if (target) {
    writeFileSync(target, rendered);
    console.log(`wrote ${target}`);
  } else {
    process.stdout.write(rendered);
  }
}

if (require.main === module) main(process.argv.slice(2));

/** A keeper as a list item linking to its file (the summary lives in docs/), with the stacks that build a construct. */
function keeperLine(k: Keeper): string {
  const what = k.file.startsWith('test/') ? `test "${k.name}"` : `\`${k.name}\``;
  const stacks = k.file.startsWith('lib/constructs/') ? stacksBuilding(k.name) : [];
  const where = stacks.length > 0 ? ` (${stacks.map((st) => `${st} stack`).join(', ')})` : '';
  return `- ${k.does}: ${what} in [${k.file}](../${k.file})${where}`;
}

/** The stacks (lib/stacks/*.ts) whose code creates the construct, read from the source so the summary cannot name a stale one. */
export function stacksBuilding(construct: string): string[] {
  const dir = join(__dirname, '..', 'lib', 'stacks');
  return readdirSync(dir)
    .filter((f) => f.endsWith('-stack.ts') && new RegExp(`new ${construct}\\(`).test(readFileSync(join(dir, f), 'utf8')))
    .map((f) => f.replace(/^jurisdiction-/, '').replace(/-stack\.ts$/, ''));
}
