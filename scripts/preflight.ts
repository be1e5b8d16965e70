import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { configErrorBlock, stewardConfigArgument } from '../lib/config/cli';
import { loadConfig } from '../lib/config/load';
import { buildStewardApp } from '../lib/steward-app';
import { quietly } from './quietly';
import { ACKNOWLEDGEMENTS, configFindings, renderPreflight, retainedNameFindings, retainedNames, unacknowledged } from './preflight-checks';

/**
 * `npm run preflight -- -c stewardConfig=path.json [--bootstrapped] [--regions-enabled] [--retained-names-free]`:
 * lists what would make a real deploy of the configuration fail or do harm and exits 1 when
 * anything is left. Offline: the app is synthesized (without the nag packs) into a temporary
 * directory to find retained resources with fixed names.
 */
const args = process.argv.slice(2);
const known = new Set(['-c', '--context', ...Object.values(ACKNOWLEDGEMENTS)]);
const unknownFlag = args.find(
  (a, i) => a.startsWith('--') && !known.has(a) && !/^--context=/.test(a) && args[i - 1] !== '-c' && args[i - 1] !== '--context',
);
if (unknownFlag) {
  console.error(
    `preflight: unknown option ${unknownFlag}; options: -c stewardConfig=path.json, ${Object.values(ACKNOWLEDGEMENTS).join(', ')}`,
  );
  process.exit(2);
}
const root = join(__dirname, '..');
let config;
try {
  config = loadConfig(stewardConfigArgument(args));
} catch (e) {
  const block = configErrorBlock(e);
  if (block === undefined) throw e;
  console.error(block);
  process.exit(1);
}
const outdir = mkdtempSync(join(tmpdir(), 'steward-preflight-'));
let retained;
try {
  const context = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')).context as Record<string, unknown>;
  const app = new App({ outdir, context, analyticsReporting: false });
  const built = buildStewardApp(app, config, { nag: false });
  quietly(() => app.synth());
  const accounts = new Map(
    built.flatMap((b) =>
      [b.replica, b.data, b.network, b.operatorAccess, b.frontEnd, b.portalUsers, b.tenantLifecycle, b.dataRights].map((s) => [
        s.artifactId,
        b.jurisdiction.account,
      ]),
    ),
  );
  retained = retainedNames(outdir, (stack) => accounts.get(stack));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
const all = [...configFindings(config), ...retainedNameFindings(retained)];
const left = unacknowledged(all, args);
process.stdout.write(renderPreflight(left, all.length - left.length));
if (left.length > 0) process.exitCode = 1;
