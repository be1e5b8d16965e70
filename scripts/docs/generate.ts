import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { validateConfig } from '../../lib/config/validate';
import { DEFAULT_APP_LABEL, renderSecuritySummary } from '../generate-security-summary';
import { promiseFacts } from '../review/promise-facts';
import { renderArchitecture } from './render-architecture';
import { DOCS_COMMAND, renderSuppressionLedger } from './render-suppressions';
import { suppressionTotals } from './suppression-ledger';
import { synthApp, type AppSynth } from './synth-app';

const DOCS_DIR = join(__dirname, '..', '..', 'docs');

/** Every generated document: its path under docs/ and how it is rendered from one synth of the default app. */
export const GENERATED_DOCS: readonly { readonly file: string; readonly render: (synth: AppSynth) => string }[] = [
  {
    file: 'security-summary.md',
    render: (s) => renderSecuritySummary({ records: s.records, facts: promiseFacts(s.snapshot), configLabel: DEFAULT_APP_LABEL }),
  },
  { file: 'suppressions.md', render: (s) => renderSuppressionLedger(s.records) },
  { file: 'architecture.md', render: (s) => renderArchitecture(s.tree, s.snapshot) },
];

/** One synth of the default app, the input of every generated document. */
export function synthDefaultApp(): AppSynth {
  return synthApp(validateConfig(DEFAULT_CONFIG));
}

function committed(file: string): string {
  try {
    return readFileSync(join(DOCS_DIR, file), 'utf8');
  } catch {
    return '';
  }
}

/** The generated documents whose committed text differs from what the app renders now. */
export function staleDocs(synth: AppSynth): string[] {
  return GENERATED_DOCS.filter((d) => committed(d.file) !== d.render(synth)).map((d) => `docs/${d.file}`);
}

/** The message a drift check fails with: which documents, and the one command that regenerates them all. */
export const staleMessage = (stale: readonly string[]): string =>
  `${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} out of date: run \`${DOCS_COMMAND}\` and commit the result.`;

if (require.main === module) {
  const synth = synthDefaultApp();
  const totals = suppressionTotals(synth.records);
  const count = `${totals.decisions} decisions (${totals.findings} suppressed findings across the packs)`;
  console.log(`suppressions: ${count}, each in docs/suppressions.md`);
  if (process.argv.includes('--check')) {
    const stale = staleDocs(synth);
    if (stale.length > 0) {
      console.error(staleMessage(stale));
      process.exitCode = 1;
    }
  } else {
    for (const d of GENERATED_DOCS) {
      writeFileSync(join(DOCS_DIR, d.file), d.render(synth));
      console.log(`wrote docs/${d.file}`);
    }
  }
}
