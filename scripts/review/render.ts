import type { FactChange } from './fact-changes';
import { isEmptyReview, type Review } from './review';

/** The two sides of a review, as the report names them. */
export interface ReviewLabels {
  readonly base: string;
  readonly head: string;
  /** The configuration both sides were synthesized with, or the default app. */
  readonly config?: string;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

function table(rows: string[][]): string[] {
  const [header, ...body] = rows;
  const row = (cells: string[]) => `| ${cells.map((c) => cell(c || ' ')).join(' | ')} |`;
  return [row(header), `|${header.map(() => '---').join('|')}|`, ...body.map(row), ''];
}

/** One line per promise-level change: `- **weakens** P-RETENTION · eu access-logs retention: 14 days → 45 days`. */
export function promiseLine(c: FactChange): string {
  return `- **${c.verdict}** ${c.promise} · ${c.subject} ${c.aspect}: ${c.before} → ${c.after}${c.detail ? ` (${c.detail})` : ''}`;
}

/** The review as Markdown; a review with nothing in it renders as a header and one sentence. */
export function renderReview(review: Review, labels: ReviewLabels): string {
  const lines = [`# Infrastructure review: ${labels.base} → ${labels.head}`, ''];
  lines.push(`Configuration: ${labels.config ?? 'the default app'}.`, '');
  if (isEmptyReview(review)) {
    lines.push('No reviewable change: no promise, IAM, security-group, resource, suppression or check-count difference.', '');
    return lines.join('\n');
  }
  if (review.promises.length > 0) {
    lines.push('## Promises', '', ...review.promises.map(promiseLine), '');
  }
  if (review.security.length > 0) {
    lines.push('## IAM and security groups', '');
    for (const s of review.security) {
      lines.push(`### ${s.stack}${s.permissionsBroadened ? ' (**permissions broadened**)' : ''}`, '');
      if (s.iamStatements) lines.push(...table(s.iamStatements));
      if (s.managedPolicies) lines.push(...table(s.managedPolicies));
      if (s.securityGroups) lines.push(...table(s.securityGroups));
    }
  }
  if (review.resources.length > 0) {
    lines.push('## Resources added, removed or replaced', '');
    for (const r of review.resources) {
      lines.push(`- ${r.warning ? '**warning** ' : ''}${r.change} ${r.type} \`${r.stack}/${r.path}\`${r.warning ? `: ${r.warning}` : ''}`);
    }
    lines.push('');
  }
  const { added, removed } = review.suppressions;
  if (added.length + removed.length > 0) {
    lines.push('## Suppressions', '');
    for (const [verb, list] of [['added', added], ['removed', removed]] as const) {
      for (const e of list) {
        const scope = e.scope === 'resource' ? '' : ` for \`${e.scope}\``;
        lines.push(`- ${verb} \`${e.rule}\` (${e.packs.join(', ')}) on \`${e.stack}/${e.resource}\`${scope}: ${e.reason}`);
      }
    }
    lines.push('');
  }
  if (review.checks.length > 0) {
    lines.push('## Checks per pack', '', '| pack | compliant | suppressed | failing |', '|---|---|---|---|');
    const pair = (a: number, b: number) => (a === b ? String(a) : `${a} → ${b}`);
    for (const c of review.checks) {
      const counts = (['compliant', 'suppressed', 'failing'] as const).map((k) => pair(c.before[k], c.after[k]));
      lines.push(`| ${c.pack} | ${counts.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
