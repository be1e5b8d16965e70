import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { RUN_DIR_ENV } from './run-dir';

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

/** What a test file sees of its moto server: everything but stopping it, which is not the file's to do. */
export type MotoHandle = Omit<MotoServer, 'stop'>;

/**
 * The moto server for this test file, to call once at the top of the file. Files of one jest
 * worker run one at a time, so the worker keeps one server: the first file that needs it starts
 * it, every file starts from `reset()` (no resource of an earlier file is left), and the global
 * teardown stops it (test/support/global-teardown.ts). Outside a run prepared by the global setup,
 * the file starts a server of its own and stops it after its last test. The handle works from the
 * file's own `beforeAll` hooks on, which run after the one this registers.
 */
export function useMoto(): MotoHandle {
  let server: MotoHandle | undefined;
  let own: MotoServer | undefined;
  beforeAll(async () => {
    const runDir = process.env[RUN_DIR_ENV];
    if (runDir) {
      server = await workerMoto(join(runDir, 'moto'), process.env.JEST_WORKER_ID ?? '1');
      await server.reset();
    } else {
      server = own = await startMoto();
    }
  });
  afterAll(() => own?.stop());
  const current = (): MotoHandle => {
    if (!server) throw new Error('moto: the server is there from the beforeAll hooks on, not at file load');
    return server;
  };
  return {
    get endpoint() {
      return current().endpoint;
    },
    get port() {
      return current().port;
    },
    clientConfig: (region) => current().clientConfig(region),
    reset: () => current().reset(),
  };
}

/** A running server's address and process, as the worker that started it records it. */
interface WorkerMotoRecord {
  readonly port: number;
  readonly pid: number;
}

/**
 * This worker's server: the one it recorded if it still answers, otherwise a new one, unreferenced so it
 * outlives the file without holding the worker. It stays in the run's process group, so an interrupted
 * run (Ctrl-C) stops it too.
 */
async function workerMoto(dir: string, workerId: string): Promise<MotoHandle> {
  const recordFile = join(dir, `worker-${workerId}.json`);
  if (existsSync(recordFile)) {
    const { port } = JSON.parse(readFileSync(recordFile, 'utf8')) as WorkerMotoRecord;
    const handle = motoHandle(port);
    if (await answers(handle.endpoint)) return handle;
  }
  const log = openSync(join(dir, `worker-${workerId}.log`), 'a');
  try {
    const { handle, child } = await spawnMoto({ stderr: log });
    child.unref();
    writeFileSync(recordFile, JSON.stringify({ port: handle.port, pid: child.pid! } satisfies WorkerMotoRecord));
    return handle;
  } finally {
    closeSync(log);
  }
}

/** Stops every server the workers of a run recorded in `dir` (by process id: only the ones this run started). */
export async function stopWorkerMotos(dir: string): Promise<void> {
  const records = readdirSync(dir).filter((f) => /^worker-.*\.json$/.test(f));
  await Promise.all(records.map(async (f) => {
    const { pid } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as WorkerMotoRecord;
    await stopPid(pid);
  }));
}

/**
 * Starts `.venv/bin/moto_server` on a free port and waits until it answers. Test files use
 * `useMoto()`; this is for a server of one's own, stopped with `stop()`.
 */
export async function startMoto(options: { timeoutMs?: number } = {}): Promise<MotoServer> {
  const { handle, child } = await spawnMoto({ timeoutMs: options.timeoutMs });
  return { ...handle, stop: () => stopChild(child) };
}

async function spawnMoto(options: { timeoutMs?: number; stderr?: number }): Promise<{
  handle: MotoHandle;
  child: ChildProcess;
}> {
  if (!existsSync(MOTO_BIN)) {
    throw new Error(`moto server not found at ${MOTO_BIN}; run 'bash scripts/ensure-python-tools.sh'`);
  }
  const port = await freePort();
  const handle = motoHandle(port);
  const child = spawn(MOTO_BIN, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', options.stderr ?? 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitUntilUp(handle.endpoint, child, options.timeoutMs ?? 30000, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { handle, child };
}

function motoHandle(port: number): MotoHandle {
  const endpoint = `http://127.0.0.1:${port}`;
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
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/data.json`)).ok;
  } catch {
    return false;
  }
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto server exited with ${child.exitCode}: ${stderr()}`);
    if (await answers(endpoint)) return;
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

/** Ends a server by its process id: SIGTERM, then SIGKILL if it is still there after 5 s. */
async function stopPid(pid: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5000 && alive(); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}
