import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config/load';
import { configErrorBlock, stewardConfigArgument } from '../lib/config/cli';
import { staleDocs, synthDefaultApp } from './docs/generate';
import { quietly } from './quietly';
import { packOutcomes, renderSynthReport, stacksOf } from './synth-report';

/**
 * `npm run synth [-- -c stewardConfig=path.json]`: validates the configuration (a bad one is one
 * clean block and exit code 1), runs `cdk synth --quiet` with the same arguments, then reports
 * stacks per jurisdiction, checks per pack, where the reports are and whether
 * the generated documents (security summary, suppression ledger, architecture) are current.
 * Fails when synth fails or a generated document is stale.
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
const staleDocuments = quietly(() => staleDocs(synthDefaultApp()));
console.log(
  renderSynthReport({
    config,
    configSource: configPath ? `configuration ${configPath}` : 'default configuration (EU + US)',
    outdir,
    stacks: stacksOf(outdir),
    packs: packOutcomes(outdir),
    staleDocuments,
    cwd: process.cwd(),
  }),
);
if (staleDocuments.length > 0) process.exitCode = 1;

