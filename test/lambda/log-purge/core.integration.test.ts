import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { purgeLogs } from '../../../lambda/log-purge/core';
import { countUnderPrefix } from '../../../lambda/shared/s3-versions';
import { startMoto, type MotoServer } from '../../support/moto';
import { memoryAudit } from '../data-rights/fixtures';
import { createVersionedBucket } from '../../support/s3-fixtures';

let moto: MotoServer;
let primary: S3Client;
let replica: S3Client;

beforeAll(async () => {
  moto = await startMoto();
  primary = new S3Client(moto.clientConfig('eu-central-1'));
  replica = new S3Client(moto.clientConfig('eu-west-1'));
});
afterAll(async () => {
  primary?.destroy();
  replica?.destroy();
  await moto?.stop();
});
beforeEach(() => moto.reset());

const targets = {
  'access-logs': { primary: 'access-p', replica: 'access-r' },
  'device-logs': { primary: 'device-p', replica: 'device-r' },
};

/** Writes two versions of a day's log for a tenant into both copies, like replication would. */
async function seed(bucket: string, client: S3Client, tenant: string, days: string[]): Promise<void> {
  for (const day of days) {
    const key = `tenants/${tenant}/fw-1/${day.replace(/-/g, '/')}/part-1.json`;
    for (const n of [1, 2]) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `{"n":${n}}\n` }));
  }
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: `tenants/${tenant}/undated.json`, Body: '{}' }));
}

beforeEach(async () => {
  for (const t of Object.values(targets)) {
    await createVersionedBucket(primary, t.primary);
    await createVersionedBucket(replica, t.replica);
    for (const [client, bucket] of [[primary, t.primary], [replica, t.replica]] as const) {
      await seed(bucket, client, 'acme', ['2026-11-20', '2026-11-21', '2026-11-22']);
      await seed(bucket, client, 'acme-2', ['2026-11-21']);
    }
  }
});

describe('early log purge on a real S3 API (moto)', () => {
  test('removes every version of the chosen class in both regions, reports counts, spares other classes and tenants', async () => {
    const audit = memoryAudit();
    const result = await purgeLogs({ s3: { primary, replica }, targets, audit }, { tenantId: 'acme', classes: ['access-logs'] });

    for (const copy of ['primary', 'replica'] as const) {
      expect(result.counts['access-logs'][copy]).toMatchObject({ deletedVersions: 7, deletedMarkers: 0, retained: [] });
      const client = copy === 'primary' ? primary : replica;
      const t = targets['access-logs'][copy];
      expect(await countUnderPrefix(client, { bucket: t, prefix: 'tenants/acme/' })).toEqual({ versions: 0, deleteMarkers: 0, uploads: 0 });
      expect((await countUnderPrefix(client, { bucket: t, prefix: 'tenants/acme-2/' })).versions).toBe(3);
      expect((await countUnderPrefix(client, { bucket: targets['device-logs'][copy], prefix: 'tenants/acme/' })).versions).toBe(7);
    }
    expect(result.counts['device-logs']).toBeUndefined();
    expect(audit.records).toEqual([
      expect.objectContaining({ operation: 'log-purge', tenantId: 'acme', outcome: 'done' }),
    ]);
  });

  test('with a range, deletes only the keys dated inside it and keeps undated keys', async () => {
    const result = await purgeLogs(
      { s3: { primary, replica }, targets, audit: memoryAudit() },
      { tenantId: 'acme', classes: ['device-logs'], from: '2026-11-21', to: '2026-11-21' },
    );
    expect(result.range).toEqual({ from: '2026-11-21', to: '2026-11-21' });
    for (const [copy, client] of [['primary', primary], ['replica', replica]] as const) {
      expect(result.counts['device-logs'][copy]).toMatchObject({ deletedVersions: 2, undatedKeysKept: 1 });
      expect((await countUnderPrefix(client, { bucket: targets['device-logs'][copy], prefix: 'tenants/acme/' })).versions).toBe(5);
    }
  });
});
