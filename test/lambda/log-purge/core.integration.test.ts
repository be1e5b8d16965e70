import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { purgeLogs } from '../../../lambda/log-purge/core';
import { countUnderPrefix } from '../../../lambda/shared/s3-versions';
import { useMoto } from '../../support/moto';
import { memoryAudit } from '../data-rights/fixtures';
import { createVersionedBucket } from '../../support/s3-fixtures';

const moto = useMoto();
let primary: S3Client;
let replica: S3Client;

beforeAll(async () => {
  primary = new S3Client(moto.clientConfig('eu-central-1'));
  replica = new S3Client(moto.clientConfig('eu-west-1'));
});
afterAll(async () => {
  primary?.destroy();
  replica?.destroy();
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
      expect(result.counts['device-logs'][copy]).toMatchObject({ deletedVersions: 2, dayPrefixes: 1 });
      expect((await countUnderPrefix(client, { bucket: targets['device-logs'][copy], prefix: 'tenants/acme/' })).versions).toBe(5);
    }
  });

  test('a ranged purge lists versions only under the date prefixes it deletes, never the rest of the tenant', async () => {
    const listed: string[] = [];
    const send = primary.send.bind(primary);
    const spy = {
      config: primary.config,
      send: async (cmd: { constructor: { name: string }; input: Record<string, string> }) => {
        const out = await send(cmd as never) as { Versions?: { Key?: string }[]; DeleteMarkers?: { Key?: string }[] };
        // A listing without a delimiter is one that returns versions to delete.
        if (cmd.constructor.name === 'ListObjectVersionsCommand' && !cmd.input.Delimiter) {
          listed.push(...[...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].map((v) => v.Key ?? ''));
        }
        return out;
      },
    } as unknown as S3Client;
    await purgeLogs({ s3: { primary: spy, replica }, targets, audit: memoryAudit() }, {
      tenantId: 'acme', classes: ['device-logs'], from: '2026-11-21', to: '2026-11-21',
    });
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((k) => k.startsWith('tenants/acme/fw-1/2026/11/21/'))).toBe(true);
  });

  test('a purge that stops at its page budget returns a cursor, and the next call goes on from it to the end', async () => {
    const audit = memoryAudit();
    const deps = { s3: { primary, replica }, targets, audit, maxPages: 1 };
    const request = { tenantId: 'acme', classes: ['device-logs', 'access-logs'], from: '2026-11-20', to: '2026-11-22' };
    let result = await purgeLogs(deps, request);
    let calls = 1;
    let deleted = result.counts['device-logs']?.primary?.deletedVersions ?? 0;
    while (!result.done) {
      expect(result.cursor).toBeDefined();
      result = await purgeLogs(deps, { ...request, cursor: result.cursor });
      deleted += Object.values(result.counts).reduce(
        (n, c) => n + (c.primary?.deletedVersions ?? 0) + (c.replica?.deletedVersions ?? 0),
        0,
      );
      calls++;
    }
    expect(calls).toBeGreaterThan(4);
    for (const t of Object.values(targets)) {
      for (const [client, bucket] of [[primary, t.primary], [replica, t.replica]] as const) {
        // The undated key stays; every dated version of acme is gone; acme-2 is untouched.
        expect(await countUnderPrefix(client, { bucket, prefix: 'tenants/acme/' })).toEqual({ versions: 1, deleteMarkers: 0, uploads: 0 });
        expect((await countUnderPrefix(client, { bucket, prefix: 'tenants/acme-2/' })).versions).toBe(3);
      }
    }
    expect(deleted).toBeGreaterThan(0);
    expect(audit.records.at(-1)).toMatchObject({ outcome: 'done' });
    expect(audit.records.slice(0, -1).every((r) => r.outcome === 'continuing')).toBe(true);
  });

  test('refuses a cursor of another tenant, naming the field', async () => {
    await expect(purgeLogs({ s3: { primary, replica }, targets, audit: memoryAudit() }, {
      tenantId: 'acme', classes: ['device-logs'], cursor: { target: 0, after: 'tenants/acme-2/fw-1/2026/11/21/' },
    })).rejects.toThrow(/^cursor: /);
  });
});
