import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The most a handler's bundle (its minified `index.js`) may weigh: cold starts grow with it. */
export const HANDLER_BUNDLE_LIMIT_BYTES = 1_000_000;

/** One handler's code as synth bundled it. */
export interface HandlerBundle {
  /** The directory under `lambda/`, e.g. `tenant-export`. */
  readonly handler: string;
  /** Size of the bundled `index.js` (the source map beside it is not counted). */
  readonly bytes: number;
}

/**
 * The handler bundles of a cloud assembly: the asset directories esbuild wrote during synth, each
 * named by the `lambda/<handler>/handler.ts` entry its source map lists. A handler deployed in
 * several stacks has one asset, so it is listed once.
 */
export function handlerBundles(outdir: string): HandlerBundle[] {
  const bundles = new Map<string, number>();
  for (const dir of readdirSync(outdir).filter((d) => d.startsWith('asset.'))) {
    const code = join(outdir, dir, 'index.js');
    const map = `${code}.map`;
    if (!existsSync(code) || !existsSync(map)) continue;
    const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources?: string[] }).sources ?? [];
    const handler = sources.map((s) => /(?:^|\/)lambda\/([a-z0-9-]+)\/handler\.ts$/.exec(s)?.[1]).find((h) => h !== undefined);
    if (handler) bundles.set(handler, Math.max(bundles.get(handler) ?? 0, statSync(code).size));
  }
  return [...bundles.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([handler, bytes]) => ({ handler, bytes }));
}

/** The report's lines: each bundle's size, and which ones are past the limit. */
export function renderHandlerBundles(bundles: readonly HandlerBundle[]): string[] {
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
  return [
    `Handler bundles (minified index.js; limit ${kB(HANDLER_BUNDLE_LIMIT_BYTES)}):`,
    ...bundles.map((b) =>
      `  ${b.handler.padEnd(24)} ${kB(b.bytes).padStart(8)}${b.bytes > HANDLER_BUNDLE_LIMIT_BYTES ? '  OVER THE LIMIT' : ''}`),
  ];
}
