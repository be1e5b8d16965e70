import { S3Client } from '@aws-sdk/client-s3';
import { purgeRanges } from '../lambda/shared/purge-pipeline';
import { splitRange } from '../lambda/shared/version-ranges';
import { DeletePacer } from '../lambda/shared/delete-pacer';
import { DEFAULT_PROFILE } from '../test/support/s3-model/profile';
import { devicePrefixes } from '../test/support/s3-model/layouts';
import { startRemoteModel } from '../bench/purge/remote-model';

async function main() {
  const split = process.env.SPLIT === '1';
  const model = await startRemoteModel({ profile: DEFAULT_PROFILE, keysPerSecond: 3500 });
  await model.configure({ partitions: split ? devicePrefixes({ tenant: 'acme', devices: 4 }) : [] });
  const s3 = new S3Client(model.clientConfig('eu-central-1'));
  const devices = Number(process.env.DEVICES ?? 4);
  await model.seed('b', { tenant: 'acme', versions: 50000, devices });
  const t0 = performance.now();
  const log: string[] = [];
  s3.middlewareStack.add((next, context) => async (args) => {
    const s = performance.now();
    try { return await next(args); } finally { log.push(`${(s - t0).toFixed(0)} ${(performance.now() - s).toFixed(0)} ${context.commandName}`); }
  }, { step: 'initialize', name: 'trace' });
  const pacer = new DeletePacer();
  const { ranges } = await splitRange(s3, { prefix: 'tenants/acme/' }, { bucket: 'b', parts: Number(process.env.LISTERS ?? 4) });
  const iv = setInterval(() => log.push(`${(performance.now() - t0).toFixed(0)} rate ${pacer.rate.toFixed(0)} proven ${pacer.stats().proven.toFixed(0)}`), 250);
  const r = await purgeRanges(s3, { bucket: 'b', ranges: ranges.map((x) => ({ ...x, done: false })), listers: Number(process.env.LISTERS ?? 4), pacer });
  clearInterval(iv);
  const secs = (performance.now() - t0) / 1000;
  console.log(log.join('\n'));
  console.log(`done ${r.done} ${secs.toFixed(2)} s ${(50000 / secs).toFixed(0)}/s`, JSON.stringify(r.requests), r.throttles, JSON.stringify(await model.stats().then((s) => ({ r: s.requests, sd: s.slowDowns, mf: s.maxInFlight }))));
  s3.destroy(); await model.stop();
}
main();
