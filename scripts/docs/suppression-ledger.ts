import type { NagRecord } from '../../lib/nag/nag-findings-recorder';

/** The compliance packs that restate the same AWS Config rules, so one decision is one entry. */
const COMPLIANCE_PACK_PREFIX = /^(NIST\.800\.53\.R5|HIPAA\.Security|PCI\.DSS\.321)-/;

/** One suppression decision: one rule on one resource (and finding), however many packs raised it. */
export interface SuppressionEntry {
  /** Rule id; a compliance-pack rule without its pack prefix, e.g. `S3BucketReplicationEnabled`. */
  readonly rule: string;
  /** The packs that raised it, e.g. `AwsSolutions` or `NIST.800.53.R5, HIPAA.Security, PCI.DSS.321`. */
  readonly packs: readonly string[];
  readonly stack: string;
  /** Construct path of the resource, without the stack and the trailing `/Resource`. */
  readonly resource: string;
  /** The finding a granular suppression covers (`Resource::arn:...`), or `resource` for the whole resource. */
  readonly scope: string;
  readonly reason: string;
}

/** The reason as written in lib/nag/suppression-reasons.ts: cdk-nag prefixes a granular one with its finding. */
export const reasonOf = (detail: string): string => detail.replace(/^\[[^\]]*\] /, '');

export const entryKey = (e: SuppressionEntry): string => `${e.stack} ${e.resource} ${e.rule} ${e.scope}`;

/** Every suppression decision of a synth, sorted by stack, resource, rule and scope. */
export function suppressionEntries(records: readonly NagRecord[]): SuppressionEntry[] {
  const byKey = new Map<string, { entry: SuppressionEntry; packs: Set<string> }>();
  for (const r of records) {
    if (r.outcome !== 'suppressed' && r.outcome !== 'suppressed-error') continue;
    const compliance = COMPLIANCE_PACK_PREFIX.exec(r.ruleId);
    const rule = compliance ? r.ruleId.slice(compliance[0].length) : r.ruleId;
    const resource = r.path.replace(/^\/?[^/]+\//, '').replace(/\/Resource$/, '');
    const scope = r.findingId || 'resource';
    const entry: SuppressionEntry = { rule, packs: [], stack: r.stack, resource, scope, reason: reasonOf(r.detail) };
    const key = entryKey(entry);
    const seen = byKey.get(key) ?? { entry, packs: new Set<string>() };
    seen.packs.add(r.pack);
    byKey.set(key, seen);
  }
  return [...byKey.values()]
    .map(({ entry, packs }) => ({ ...entry, packs: [...packs].sort() }))
    .sort((a, b) => entryKey(a).localeCompare(entryKey(b)));
}

/** Suppressed findings counted once per pack that raised them, and once per decision. */
export function suppressionTotals(records: readonly NagRecord[]): { findings: number; decisions: number } {
  const findings = records.filter((r) => r.outcome === 'suppressed' || r.outcome === 'suppressed-error').length;
  return { findings, decisions: suppressionEntries(records).length };
}
