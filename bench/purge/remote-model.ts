import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { LayoutSpec } from '../../test/support/s3-model/layouts';
import type { S3ModelOptions, S3ModelStats } from '../../test/support/s3-model/server';
import type { ModelCommand } from './model-process';

/** The parts of the S3 model the bench drives, served by a child process. */
export interface RemoteModel {
  readonly endpoint: string;
  clientConfig(region: string): {
    endpoint: string; region: string; forcePathStyle: true; maxAttempts: number;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  seed(bucket: string, spec: LayoutSpec): Promise<number>;
  count(bucket: string): Promise<number>;
  configure(options: Pick<S3ModelOptions, 'partitions' | 'keysPerSecond' | 'profile'>): Promise<void>;
  /** The model's counters, and the CPU milliseconds its process has used since it started. */
  stats(): Promise<Pick<S3ModelStats, 'requests' | 'slowDowns' | 'maxInFlight' | 'deleteBatchSizes'> & { cpuMs: number }>;
  resetStats(): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the S3 model in a child process (run through tsx, as the bench itself is). */
export async function startRemoteModel(options: S3ModelOptions): Promise<RemoteModel> {
  const child: ChildProcess = fork(join(__dirname, 'model-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, S3_MODEL_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the S3 model process exited with ${code} before it was ready`)));
    child.once('message', (m: { ready?: string }) => (m.ready ? resolve(m.ready) : reject(new Error('unexpected first message'))));
  });
  child.removeAllListeners('exit');
  let next = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  child.on('message', (m: { id: number; value: unknown }) => {
    waiting.get(m.id)?.(m.value);
    waiting.delete(m.id);
  });
  const call = <T>(command: ModelCommand) => new Promise<T>((resolve) => {
    const id = next++;
    waiting.set(id, resolve as (value: unknown) => void);
    child.send({ id, command });
  });
  return {
    endpoint,
    clientConfig: (region) => ({
      endpoint, region, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1,
    }),
    seed: (bucket, spec) => call<number>({ op: 'seed', bucket, spec }),
    count: (bucket) => call<number>({ op: 'count', bucket }),
    configure: (o) => call<void>({ op: 'configure', options: o }),
    stats: () => call({ op: 'stats' }),
    resetStats: () => call<void>({ op: 'resetStats' }),
    reset: () => call<void>({ op: 'reset' }),
    stop: () => call<void>({ op: 'stop' }),
  };
}
