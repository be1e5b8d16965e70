import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HandlerFunction, LAMBDA_ROOT } from '../../lib/constructs/handler-function';
import { HANDLER_BUNDLE_LIMIT_BYTES, handlerBundles, renderHandlerBundles } from '../../scripts/handler-bundles';
import { quietly } from '../../scripts/quietly';
import { newTestApp } from '../support/app';

const HANDLERS = readdirSync(LAMBDA_ROOT).filter((d) => existsSync(join(LAMBDA_ROOT, d, 'handler.ts'))).sort();

describe('handler bundles (the synth report lists them; none grows past 1 MB)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'steward-bundles-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('every handler, bundled as synth bundles it, stays under the limit', () => {
    const app = newTestApp(outdir);
    const stack = new Stack(app, 'Bundles');
    const logKey = new kms.Key(stack, 'LogKey');
    for (const handler of HANDLERS) new HandlerFunction(stack, handler, { handler, description: 'bundle size', logKey });
    // esbuild's per-asset lines say nothing the assertions do not.
    quietly(() => app.synth());
    const bundles = handlerBundles(outdir);
    expect(bundles.map((b) => b.handler)).toEqual(HANDLERS);
    expect(bundles.filter((b) => b.bytes > HANDLER_BUNDLE_LIMIT_BYTES)).toEqual([]);
    // Every bundle holds the SDK and Powertools, so a bundle that is tiny was not built from its handler.
    expect(Math.min(...bundles.map((b) => b.bytes))).toBeGreaterThan(100_000);
  });

  test('a bundle past the limit is flagged in the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-bundles-fake-'));
    try {
      mkdirSync(join(dir, 'asset.abc'));
      writeFileSync(join(dir, 'asset.abc', 'index.js'), Buffer.alloc(HANDLER_BUNDLE_LIMIT_BYTES + 1));
      writeFileSync(join(dir, 'asset.abc', 'index.js.map'), JSON.stringify({ sources: ['../../lambda/tenant-export/handler.ts'] }));
      const bundles = handlerBundles(dir);
      expect(bundles).toEqual([{ handler: 'tenant-export', bytes: HANDLER_BUNDLE_LIMIT_BYTES + 1 }]);
      expect(renderHandlerBundles(bundles)[1]).toMatch(/^ {2}tenant-export +1000 kB {2}OVER THE LIMIT$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
