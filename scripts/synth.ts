import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config/load';
import { configErrorBlock, stewardConfigArgument } from '../lib/config/cli';
import { staleDocs, synthDefaultApp } from './docs/generate';
import { suppressionTotals } from './docs/suppression-ledger';
import { HANDLER_BUNDLE_LIMIT_BYTES, handlerBundles } from './handler-bundles';
import { quietly } from './quietly';
import { packOutcomes, renderSynthReport, stacksOf } from './synth-report';

/**
 * `npm run synth [-- -c stewardConfig=path.json]`: validates the configuration (a bad one is one
 * clean block and exit code 1), runs `cdk synth --quiet` with the same arguments, then reports
 * stacks per jurisdiction, checks per pack, each handler's bundle size, where the reports are and
 * whether the generated documents (security summary, suppression ledger, architecture) are current.
 * Fails when synth fails, a generated document is stale or a bundle is past its limit.
 */
const args = process.argv.slice(2);
const root = join(__dirname, '..');
const configPath = stewardConfigArgument(args);
let config;
try {
  config = loadConfig(configPath);
} catch (e) {
  const block = configErrorBlock(e);
  if (block === undefined) throw e;
  console.error(block);
  process.exit(1);
}

const outdir = join(root, 'cdk.out');
// Reports of an earlier synth with another config must not be counted.
rmSync(outdir, { recursive: true, force: true });
const cdk = spawnSync('npx', ['cdk', 'synth', '--quiet', ...args], { cwd: root, encoding: 'utf8', stdio: ['inherit', 'pipe', 'pipe'] });
// CDK's hint for a multi-stack app and the per-asset bundling lines say nothing about the result.
const noise = /Supply a stack id|^Bundling asset |^\s*$/;
for (const [stream, text] of [[process.stdout, cdk.stdout], [process.stderr, cdk.stderr]] as const) {
  const kept = (text ?? '').split('\n').filter((l) => !noise.test(l));
  if (kept.length > 0) stream.write(`${kept.join('\n')}\n`);
}
if (cdk.status !== 0) process.exit(cdk.status ?? 1);

// The generated documents describe the default app, so they are checked against a synth of that app; its output is not this synth's.
const defaultApp = quietly(() => synthDefaultApp());
const staleDocuments = staleDocs(defaultApp);
const suppressions = suppressionTotals(defaultApp.records);
const bundles = handlerBundles(outdir);
console.log(
  renderSynthReport({
    config,
    configSource: configPath ? `configuration ${configPath}` : 'default configuration (EU + US)',
    outdir,
    stacks: stacksOf(outdir),
    packs: packOutcomes(outdir),
    bundles,
    staleDocuments,
    cwd: process.cwd(),
  }),
);
console.log(
  `Suppression decisions of the default app: ${suppressions.decisions} (${suppressions.findings} suppressed findings across the packs), ` +
    'each with its reason in docs/suppressions.md',
);
if (staleDocuments.length > 0 || bundles.some((b) => b.bytes > HANDLER_BUNDLE_LIMIT_BYTES)) process.exitCode = 1;

