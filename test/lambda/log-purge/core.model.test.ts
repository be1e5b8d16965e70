import { S3Client } from '@aws-sdk/client-s3';
import { purgeLogs } from '../../../lambda/log-purge/core';
import { countUnderPrefix } from '../../../lambda/shared/s3-versions';
import { INSTANT_PROFILE } from '../../support/s3-model/profile';
import { type S3Model, startS3Model } from '../../support/s3-model/server';
import { memoryAudit } from '../data-rights/fixtures';

/**
 * Early purge on the S3 model (test/support/s3-model), which honours `encoding-type=url` as S3
 * does; moto ignores it (../shared/field-notes.md), so a key moto returns changed cannot be told
 * apart from one our listing changed.
 */
let model: S3Model;
let primary: S3Client;
let replica: S3Client;
const targets = { 'device-logs': { primary: 'device-p', replica: 'device-r' } };
/** A device id with a carriage return: its prefix comes back as a line feed from a raw XML listing. */
const CR_DAY = 'tenants/acme/fw\r1/2026/11/21/';

beforeAll(async () => {
  model = await startS3Model({ profile: INSTANT_PROFILE });
  primary = new S3Client(model.clientConfig('eu-central-1'));
  replica = new S3Client(model.clientConfig('eu-west-1'));
});
afterAll(async () => {
  primary?.destroy();
  replica?.destroy();
  await model?.stop();
});
beforeEach(() => {
  model.reset();
  for (const bucket of Object.values(targets['device-logs'])) {
    const b = model.bucket(bucket);
    for (const key of [`${CR_DAY}part-1.json`, 'tenants/acme/fw-2/2026/11/21/part-1.json', 'tenants/acme/fw-2/2026/11/22/part-1.json'])
      b.put(key);
    b.put('tenants/acme2/fw\r1/2026/11/21/part-1.json');
  }
});

const left = (bucket: string, prefix: string) => countUnderPrefix(primary, { bucket, prefix });

describe('early log purge on the S3 model', () => {
  test('a ranged purge finds and deletes a day under a device prefix with a carriage return, and spares the neighbour', async () => {
    const audit = memoryAudit();
    const result = await purgeLogs({ s3: { primary, replica }, targets, audit }, {
      tenantId: 'acme', classes: ['device-logs'], from: '2026-11-21', to: '2026-11-21',
    });
    expect(result.counts['device-logs'].primary).toMatchObject({ deletedVersions: 2, dayPrefixes: 2, left: 0 });
    expect(await left('device-p', CR_DAY)).toMatchObject({ versions: 0 });
    expect(await left('device-p', 'tenants/acme/fw-2/2026/11/22/')).toMatchObject({ versions: 1 });
    expect(await left('device-p', 'tenants/acme2/')).toMatchObject({ versions: 1 });
    expect(audit.records).toEqual([expect.objectContaining({ outcome: 'done' })]);
  });

  test('says partial, not done, when a fresh listing still finds versions the delete responses called deleted', async () => {
    // A client whose deletes answer success but reach nothing: only listing again can tell.
    const lying = new S3Client(model.clientConfig('eu-central-1'));
    lying.middlewareStack.add((next) => async (args) => {
      if (args.input && (args as { input: { Delete?: unknown } }).input.Delete !== undefined) {
        const objects = (args.input as { Delete: { Objects: { Key: string; VersionId?: string }[] } }).Delete.Objects;
        return { output: { Deleted: objects.map((o) => ({ Key: o.Key, VersionId: o.VersionId })), $metadata: {} }, response: {} } as never;
      }
      return next(args);
    }, { step: 'initialize', name: 'answerDeletesWithoutDeleting' });
    const audit = memoryAudit();
    const result = await purgeLogs({ s3: { primary: lying, replica }, targets, audit }, { tenantId: 'acme', classes: ['device-logs'] });
    expect(result.counts['device-logs'].primary.left).toBe(3);
    expect(result.counts['device-logs'].replica.left).toBe(0);
    expect(audit.records).toEqual([expect.objectContaining({ outcome: 'partial' })]);
    lying.destroy();
  });
});
