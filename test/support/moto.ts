import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A running moto server and what an SDK client needs to talk to it. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`; an IP host makes the S3 client use path-style addressing. */
  readonly endpoint: string;
  readonly port: number;
  /** Client settings for any SDK v3 client: endpoint, region, fixed test credentials, path style. */
  clientConfig(region?: string): MotoClientConfig;
  /** Forgets every resource, so one server can serve several independent tests. */
  reset(): Promise<void>;
  /** Stops the server process (only the one this helper started). */
  stop(): Promise<void>;
}

export interface MotoClientConfig {
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
  /** Tells the purge core it talks to moto, whose listings cannot overlap deletes (lambda/shared/s3-semantics.ts). */
  stewardS3Semantics: 'moto';
}

const MOTO_BIN = join(__dirname, '..', '..', '.venv', 'bin', 'moto_server');

/** A TCP port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `.venv/bin/moto_server` on a free port and waits until it answers. Use it per test file:
 * `beforeAll(async () => { moto = await startMoto(); })` and `afterAll(() => moto.stop())`.
 */
export async function startMoto(options: { timeoutMs?: number } = {}): Promise<MotoServer> {
  if (!existsSync(MOTO_BIN)) {
    throw new Error(`moto server not found at ${MOTO_BIN}; run 'bash scripts/ensure-python-tools.sh'`);
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO_BIN, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitUntilUp(endpoint, child, options.timeoutMs ?? 30000, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    endpoint,
    port,
    clientConfig: (region = 'eu-central-1') => ({
      endpoint,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
      stewardS3Semantics: 'moto',
    }),
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
    },
    stop: () => stopChild(child),
  };
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto server exited with ${child.exitCode}: ${stderr()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto server did not answer on ${endpoint} within ${timeoutMs} ms: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
