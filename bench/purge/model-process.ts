/**
 * The S3 model in a process of its own, driven by its parent over IPC (bench/purge/remote-model.ts):
 * the bench's client then competes with the model for the machine's cores only as a client of S3
 * competes with S3, not for one event loop.
 */
import { seedLayout, type LayoutSpec } from '../../test/support/s3-model/layouts';
import { type S3ModelOptions, startS3Model } from '../../test/support/s3-model/server';

export type ModelCommand =
  | { op: 'seed'; bucket: string; spec: LayoutSpec }
  | { op: 'count'; bucket: string }
  | { op: 'configure'; options: Pick<S3ModelOptions, 'partitions' | 'keysPerSecond' | 'profile'> }
  | { op: 'stats' }
  | { op: 'resetStats' }
  | { op: 'reset' }
  | { op: 'stop' };

async function main(): Promise<void> {
  const options = JSON.parse(process.env.S3_MODEL_OPTIONS ?? '{}') as S3ModelOptions;
  const model = await startS3Model(options);
  const reply = (id: number, value: unknown) => process.send!({ id, value });
  process.on('message', (message: { id: number; command: ModelCommand }) => {
    const { id, command } = message;
    switch (command.op) {
      case 'seed': return reply(id, seedLayout(model.bucket(command.bucket), command.spec));
      case 'count': return reply(id, model.bucket(command.bucket).count());
      case 'configure': model.configure(command.options); return reply(id, null);
      case 'stats': {
        const { requests, slowDowns, maxInFlight, deleteBatchSizes } = model.stats();
        const cpu = process.cpuUsage();
        return reply(id, { requests, slowDowns, maxInFlight, deleteBatchSizes, cpuMs: (cpu.user + cpu.system) / 1000 });
      }
      case 'resetStats': model.resetStats(); return reply(id, null);
      case 'reset': model.reset(); return reply(id, null);
      case 'stop': void model.stop().then(() => { reply(id, null); process.disconnect(); }); return undefined;
    }
  });
  process.send!({ ready: model.endpoint });
}

void main();
