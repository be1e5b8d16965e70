import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPPRESSION_REASON } from '../../lib/nag/suppression-reasons';
import { renderDefaultApp } from '../support/rendered-app';

const CHECKOV = join(__dirname, '..', '..', '.venv', 'bin', 'checkov');

interface CheckResult {
  check_id: string;
  resource: string;
  file_path: string;
  check_result?: { suppress_comment?: string };
}
interface Report {
  summary: { passed: number; failed: number; skipped: number };
  results: { failed_checks: CheckResult[]; skipped_checks: CheckResult[] };
}

// checkov over the default app's synthesized templates: every failed check is fixed or skipped in
// the resource's Metadata.checkov.skip, and every skip gives a reason of lib/nag/suppression-reasons.ts.
describe('checkov over the synthesized default app', () => {
  let reports: Report[] = [];

  beforeAll(() => {
    if (!existsSync(CHECKOV)) throw new Error(`checkov not found at ${CHECKOV}: run scripts/ensure-python-tools.sh`);
    const dir = mkdtempSync(join(tmpdir(), 'steward-checkov-'));
    // checkov's parser (lark) leaves a grammar cache in its temp directory: give it one, removed with the templates.
    const scratch = mkdtempSync(join(tmpdir(), 'steward-checkov-tmp-'));
    try {
      for (const s of renderDefaultApp()) writeFileSync(join(dir, `${s.stackName}.template.json`), JSON.stringify(s.template));
      let out: string;
      try {
        out = execFileSync(CHECKOV, ['-d', dir, '--framework', 'cloudformation', '-o', 'json', '--compact', '--skip-download'], {
          encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TMPDIR: scratch },
        });
      } catch (e) {
        // checkov exits 1 when a check fails; its report is still on stdout.
        out = String((e as { stdout?: string }).stdout ?? '');
        if (!out) throw e;
      }
      const parsed = JSON.parse(out) as Report | Report[];
      reports = Array.isArray(parsed) ? parsed : [parsed];
      const total = (k: keyof Report['summary']) => reports.reduce((n, r) => n + (r.summary?.[k] ?? 0), 0);
      console.log(`checkov: ${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 600_000);

  const all = (pick: (r: Report) => CheckResult[] | undefined) => reports.flatMap((r) => pick(r) ?? []);

  test('passes checks and leaves no failed check', () => {
    expect(reports.reduce((n, r) => n + (r.summary?.passed ?? 0), 0)).toBeGreaterThan(0);
    expect(all((r) => r.results.failed_checks).map((c) => `${c.check_id}: ${c.resource}`)).toEqual([]);
  });

  test('explains every skip with a reason from the shared suppression list', () => {
    const known = new Set<string>(Object.values(SUPPRESSION_REASON));
    const skipped = all((r) => r.results.skipped_checks);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.filter((c) => !known.has(c.check_result?.suppress_comment ?? '')).map((c) => `${c.check_id}: ${c.resource}`)).toEqual(
      [],
    );
  });
});
