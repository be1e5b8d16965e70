import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  abortMultipartUploads,
  deleteVersions,
  purgePrefix,
  TransientDeleteError,
} from '../../../lambda/shared/s3-versions';

const s3 = new S3Client({ region: 'eu-central-1' });
const mock = mockClient(s3);
const noWait = { sleep: async () => undefined };

beforeEach(() => mock.reset());

const version = (key: string, id: string) => ({ Key: key, VersionId: id });

describe('deleteVersions', () => {
  test('counts versions and delete markers apart, and keeps locked versions as retained with the reason', async () => {
    mock.on(DeleteObjectsCommand).resolves({
      Errors: [
        {
          Key: 'tenants/acme/locked',
          VersionId: 'v1',
          Code: 'AccessDenied',
          Message: 'Access Denied because object protected by object lock.',
        },
      ],
    });
    const result = await deleteVersions(s3, 'b', [
      { key: 'tenants/acme/a', versionId: 'v1', deleteMarker: false },
      { key: 'tenants/acme/a', versionId: 'm1', deleteMarker: true },
      { key: 'tenants/acme/locked', versionId: 'v1', deleteMarker: false },
    ], noWait);
    expect(result.deletedVersions).toBe(1);
    expect(result.deletedMarkers).toBe(1);
    expect(result.retained).toEqual([
      expect.objectContaining({ key: 'tenants/acme/locked', code: 'AccessDenied', reason: expect.stringMatching(/object lock/) }),
    ]);
  });

  test('retries only the keys that came back throttled, with backoff', async () => {
    mock
      .on(DeleteObjectsCommand)
      .resolvesOnce({ Errors: [{ Key: 'tenants/acme/b', VersionId: 'v2', Code: 'SlowDown' }] })
      .resolves({});
    const waits: number[] = [];
    const result = await deleteVersions(s3, 'b', [
      { key: 'tenants/acme/a', versionId: 'v1', deleteMarker: false },
      { key: 'tenants/acme/b', versionId: 'v2', deleteMarker: false },
    ], { sleep: async (ms) => void waits.push(ms) });
    expect(result.deletedVersions).toBe(2);
    const calls = mock.commandCalls(DeleteObjectsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input.Delete?.Objects).toEqual([{ Key: 'tenants/acme/b', VersionId: 'v2' }]);
    expect(waits).toHaveLength(1);
  });

  test('throws a transient error when keys stay throttled, counting none of them as deleted', async () => {
    mock.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'tenants/acme/a', VersionId: 'v1', Code: 'SlowDown' }] });
    await expect(
      deleteVersions(s3, 'b', [{ key: 'tenants/acme/a', versionId: 'v1', deleteMarker: false }], { ...noWait, attempts: 3 }),
    ).rejects.toBeInstanceOf(TransientDeleteError);
    expect(mock.commandCalls(DeleteObjectsCommand)).toHaveLength(3);
  });
});

describe('purgePrefix', () => {
  test('refuses a prefix that is not a tenant prefix, before any request', async () => {
    for (const prefix of ['tenants/acme', 'tenants/', '', 'tenants/../', 'tenants/Acme/', 'tenants/*/']) {
      await expect(purgePrefix(s3, { bucket: 'b', prefix })).rejects.toThrow(/^prefix: /);
    }
    expect(mock.calls()).toHaveLength(0);
  });

  test('refuses to delete anything when a listing returns a key outside the prefix', async () => {
    mock.on(ListObjectVersionsCommand).resolves({ Versions: [version('tenants/acme-2/x', 'v1')] });
    await expect(purgePrefix(s3, { bucket: 'b', prefix: 'tenants/acme/' })).rejects.toThrow(
      /foreign key sha256:[0-9a-f]{64}; nothing deleted/,
    );
    expect(mock.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  test('walks pages with the markers, stops after maxPages and returns the last confirmed page as the cursor', async () => {
    mock
      .on(ListObjectVersionsCommand)
      .resolvesOnce({
        Versions: [version('tenants/acme/a', '1')],
        IsTruncated: true,
        NextKeyMarker: 'tenants/acme/a',
        NextVersionIdMarker: '1',
      })
      .resolvesOnce({
        DeleteMarkers: [version('tenants/acme/b', '2')],
        IsTruncated: true,
        NextKeyMarker: 'tenants/acme/b',
        NextVersionIdMarker: '2',
      });
    mock.on(DeleteObjectsCommand).resolves({});
    const first = await purgePrefix(s3, { bucket: 'b', prefix: 'tenants/acme/', maxPages: 2 });
    // On S3 a listing resumes after a deleted marker version, so nothing is held back.
    expect(first).toMatchObject({ deletedVersions: 1, deletedMarkers: 1, pages: 2, done: false });
    expect(first.cursor).toEqual({ keyMarker: 'tenants/acme/b', versionIdMarker: '2' });
    expect(mock.commandCalls(ListObjectVersionsCommand)[1].args[0].input).toMatchObject({
      KeyMarker: 'tenants/acme/a', VersionIdMarker: '1', Prefix: 'tenants/acme/', EncodingType: 'url',
    });

    mock.reset();
    mock.on(ListObjectVersionsCommand).resolves({ Versions: [version('tenants/acme/c', '3')], IsTruncated: false });
    mock.on(DeleteObjectsCommand).resolves({});
    const second = await purgePrefix(s3, { bucket: 'b', prefix: 'tenants/acme/', cursor: first.cursor });
    expect(second).toMatchObject({ deletedVersions: 1, deletedMarkers: 0, done: true, cursor: undefined });
    expect(mock.commandCalls(ListObjectVersionsCommand)[0].args[0].input).toMatchObject({
      KeyMarker: 'tenants/acme/b',
      VersionIdMarker: '2',
    });
  });

  test('moto test mode: the marker version of the last page stays, carried in the cursor, until the next call lists past it', async () => {
    const moto = new S3Client({ region: 'eu-central-1', stewardS3Semantics: 'moto' } as never);
    const motoMock = mockClient(moto);
    motoMock
      .on(ListObjectVersionsCommand)
      .resolvesOnce({
        Versions: [version('tenants/acme/a', '1')],
        IsTruncated: true,
        NextKeyMarker: 'tenants/acme/a',
        NextVersionIdMarker: '1',
      })
      .resolvesOnce({
        DeleteMarkers: [version('tenants/acme/b', '2')],
        IsTruncated: true,
        NextKeyMarker: 'tenants/acme/b',
        NextVersionIdMarker: '2',
      });
    motoMock.on(DeleteObjectsCommand).resolves({});
    const first = await purgePrefix(moto, { bucket: 'b', prefix: 'tenants/acme/', maxPages: 2 });
    expect(first).toMatchObject({ deletedVersions: 1, deletedMarkers: 0, pages: 2, done: false });
    const carry = { key: 'tenants/acme/b', versionId: '2', deleteMarker: true };
    expect(first.cursor).toEqual({ keyMarker: 'tenants/acme/b', versionIdMarker: '2', carry });

    motoMock.reset();
    motoMock.on(ListObjectVersionsCommand).resolves({ Versions: [version('tenants/acme/c', '3')], IsTruncated: false });
    motoMock.on(DeleteObjectsCommand).resolves({});
    const second = await purgePrefix(moto, { bucket: 'b', prefix: 'tenants/acme/', cursor: first.cursor });
    expect(second).toMatchObject({ deletedVersions: 1, deletedMarkers: 1, done: true, cursor: undefined });
    const deletes = motoMock.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects);
    expect(deletes).toEqual([[{ Key: 'tenants/acme/c', VersionId: '3' }], [{ Key: 'tenants/acme/b', VersionId: '2' }]]);
    motoMock.restore();
  });

  test('lists the next page while the earlier pages\' deletes are in flight', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    let deleting = 0;
    let listsDuringDeletes = 0;
    const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
    mock.on(ListObjectVersionsCommand).callsFake(async (input) => {
      if (deleting > 0) listsDuringDeletes++;
      const at = input.KeyMarker ? keys.indexOf(input.KeyMarker.slice('tenants/acme/'.length)) + 1 : 0;
      await tick(2);
      const key = `tenants/acme/${keys[at]}`;
      const last = at === keys.length - 1;
      return {
        Versions: [version(key, '1')],
        IsTruncated: !last,
        NextKeyMarker: last ? undefined : key,
        NextVersionIdMarker: last ? undefined : '1',
      };
    });
    mock.on(DeleteObjectsCommand).callsFake(async () => {
      deleting++;
      await tick(20);
      deleting--;
      return {};
    });
    const result = await purgePrefix(s3, { bucket: 'b', prefix: 'tenants/acme/', concurrency: 4, pageSize: 1 });
    expect(result).toMatchObject({ deletedVersions: 5, pages: 5, done: true, requests: { list: 5, delete: 5 } });
    expect(listsDuringDeletes).toBeGreaterThanOrEqual(3);
  });

  test('sends only full delete batches until the end, so the held-back marker costs no extra request', async () => {
    const page = (k: string, last: boolean) => ({
      Versions: [version(`tenants/acme/${k}`, '1'), version(`tenants/acme/${k}`, '2')],
      IsTruncated: !last, NextKeyMarker: last ? undefined : `tenants/acme/${k}`, NextVersionIdMarker: last ? undefined : '2',
    });
    mock.on(ListObjectVersionsCommand).resolvesOnce(page('a', false)).resolvesOnce(page('b', false)).resolves(page('c', true));
    mock.on(DeleteObjectsCommand).resolves({});
    const result = await purgePrefix(s3, { bucket: 'b', prefix: 'tenants/acme/', concurrency: 2, pageSize: 2 });
    expect(result).toMatchObject({ deletedVersions: 6, pages: 3, done: true });
    const deletes = mock
      .commandCalls(DeleteObjectsCommand)
      .map((c) => c.args[0].input.Delete?.Objects?.map((o) => `${o.Key?.slice(13)}${o.VersionId}`));
    expect(deletes).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1', 'c2']]);
  });

  test('an error entry without a version id marks every version of that key as retained', async () => {
    mock.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'tenants/acme/a', Code: 'AccessDenied' }] });
    const result = await deleteVersions(s3, 'b', [
      { key: 'tenants/acme/a', versionId: 'v1', deleteMarker: false },
      { key: 'tenants/acme/a', versionId: 'v2', deleteMarker: false },
      { key: 'tenants/acme/b', versionId: 'v1', deleteMarker: false },
    ], noWait);
    expect(result.deletedVersions).toBe(1);
    expect(result.retained.map((r) => r.versionId)).toEqual(['v1', 'v2']);
  });

  test('a dry run lists and counts but deletes nothing', async () => {
    mock.on(ListObjectVersionsCommand).resolves({ Versions: [version('tenants/acme/a', '1'), version('tenants/acme/b', '1')] });
    const result = await purgePrefix(s3, { bucket: 'b', prefix: 'tenants/acme/', dryRun: true });
    expect(result).toMatchObject({ wouldDelete: 2, deletedVersions: 0, done: true });
    expect(mock.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  test('a key filter narrows what is deleted inside the prefix', async () => {
    mock
      .on(ListObjectVersionsCommand)
      .resolves({ Versions: [version('tenants/acme/access/a', '1'), version('tenants/acme/device/b', '1')] });
    mock.on(DeleteObjectsCommand).resolves({});
    await purgePrefix(s3, { bucket: 'b', prefix: 'tenants/acme/', keyFilter: (k) => k.includes('/access/') });
    expect(mock.commandCalls(DeleteObjectsCommand)[0].args[0].input.Delete?.Objects).toEqual([
      { Key: 'tenants/acme/access/a', VersionId: '1' },
    ]);
  });

  test('a failed delete fails the call after the other deletes settle, and returns no cursor', async () => {
    mock
      .on(ListObjectVersionsCommand)
      .resolvesOnce({
        Versions: [version('tenants/acme/a', '1')],
        IsTruncated: true,
        NextKeyMarker: 'tenants/acme/a',
        NextVersionIdMarker: '1',
      })
      .resolves({ Versions: [version('tenants/acme/b', '1')] });
    mock.on(DeleteObjectsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(purgePrefix(s3, { bucket: 'b', prefix: 'tenants/acme/', concurrency: 1 })).rejects.toThrow('denied');
  });
});

describe('abortMultipartUploads', () => {
  test('aborts every upload under the prefix across pages and tolerates one that already finished', async () => {
    mock
      .on(ListMultipartUploadsCommand)
      .resolvesOnce({
        Uploads: [{ Key: 'tenants/acme/a', UploadId: 'u1' }],
        IsTruncated: true,
        NextKeyMarker: 'tenants/acme/a',
        NextUploadIdMarker: 'u1',
      })
      .resolves({ Uploads: [{ Key: 'tenants/acme/b', UploadId: 'u2' }], IsTruncated: false });
    mock
      .on(AbortMultipartUploadCommand)
      .resolvesOnce({})
      .rejects(Object.assign(new Error('gone'), { name: 'NoSuchUpload' }));
    expect(await abortMultipartUploads(s3, { bucket: 'b', prefix: 'tenants/acme/' })).toEqual({ aborted: 2, wouldAbort: 0 });
    expect(mock.commandCalls(ListMultipartUploadsCommand)[1].args[0].input).toMatchObject({
      KeyMarker: 'tenants/acme/a',
      UploadIdMarker: 'u1',
    });
  });
});
