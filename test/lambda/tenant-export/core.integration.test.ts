import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  beginExport, continueExport, type ExportState, exportStatus, failExport, finishExport, startExport, type TenantExportDeps,
} from '../../../lambda/tenant-export/core';
import { s3Presigner } from '../../../lambda/shared/presign';
import { useMoto } from '../../support/moto';
import { createVersionedBucket } from '../../support/s3-fixtures';
import { type DriverOptions, WorkflowDriver } from '../../support/workflow-driver';
import { bucketText, createTenantTable, documentClient, memoryAudit, registerTenants } from '../data-rights/fixtures';

const moto = useMoto();
let s3: S3Client;
let ddb: DynamoDBClient;
let kms: KMSClient;
let classKey: string;
let tenantKey: string;

beforeAll(async () => {
  s3 = new S3Client(moto.clientConfig());
  ddb = new DynamoDBClient(moto.clientConfig());
  kms = new KMSClient(moto.clientConfig());
});
afterAll(async () => {
  for (const c of [s3, ddb, kms]) c?.destroy();
});
beforeEach(async () => {
  await moto.reset();
  classKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  tenantKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  for (const b of ['backups', 'logs', 'exports']) await createVersionedBucket(s3, b);
  await createTenantTable(ddb, 'registry');
  await createTenantTable(ddb, 'devices', 'deviceId');
  const doc = documentClient(ddb);
  await registerTenants(doc, 'registry', [
    { tenantId: 'acme', status: 'active', tenantKeyArn: tenantKey },
    { tenantId: 'acme-2', status: 'active' },
  ]);
  await doc.send(new PutCommand({ TableName: 'devices', Item: { tenantId: 'acme', deviceId: 'fw-1', siteName: 'HQ' } }));
  await doc.send(new PutCommand({ TableName: 'devices', Item: { tenantId: 'acme-2', deviceId: 'fw-9', siteName: 'Other' } }));
  await s3.send(new PutObjectCommand({ Bucket: 'backups', Key: 'tenants/acme/fw-1.json', Body: '{"config":1}' }));
  await s3.send(new PutObjectCommand({ Bucket: 'logs', Key: 'tenants/acme/2026/11/25/a.jsonl', Body: 'x'.repeat(2500) }));
  await s3.send(new PutObjectCommand({ Bucket: 'logs', Key: 'tenants/acme-2/2026/11/25/a.jsonl', Body: '{"other":true}' }));
});

/** The export deps with the workflow run by the driver; `pages: 1` makes every listing page its own step. */
function setup(
  options: DriverOptions = {},
  audit = memoryAudit(),
): { deps: TenantExportDeps; driver: WorkflowDriver; audit: typeof audit } {
  const deps: TenantExportDeps = {
    s3, ddb: documentClient(ddb), registryTable: 'registry',
    buckets: { 'config-backups': 'backups', 'access-logs': 'logs' },
    tables: { 'tenant-registry': 'registry', 'device-metadata': 'devices' },
    destination: { bucket: 'exports', classKeyArn: classKey, urlSeconds: 900 },
    presign: s3Presigner(s3), audit, now: () => new Date('2026-11-26T08:00:00Z'),
    executions: undefined as never,
    budget: { pages: 1, timeUp: () => false },
    readConcurrency: 4,
    // Small parts, so an archive spans several parts and steps carry a remainder between them.
    partBytes: 5 * 1024 * 1024,
  };
  const driver = new WorkflowDriver(() => ({
    begin: (input) => beginExport(deps, input as { tenantId: string; exportId: string }),
    continue: (state) => continueExport(deps, state as ExportState),
    finish: (state) => finishExport(deps, state as ExportState),
    fail: (state, error) => {
      const s = state as ExportState | undefined;
      return failExport(deps, s, { tenantId: s?.tenantId ?? 'acme', exportId: s?.exportId ?? 'unknown', error });
    },
  }), options);
  return { deps: { ...deps, executions: driver }, driver, audit };
}

/** Reassembles the archive's objects from their base64 chunks. */
function objectsOf(lines: Record<string, unknown>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines.filter((x) => x.kind === 'object')) {
    out[l.key as string] = (out[l.key as string] ?? '') + Buffer.from(l.bodyBase64 as string, 'base64').toString('utf8');
  }
  return out;
}

async function uploads(): Promise<unknown[]> {
  return (await s3.send(new ListMultipartUploadsCommand({ Bucket: 'exports' }))).Uploads ?? [];
}

describe('tenant export as a checkpointed workflow on a real S3, DynamoDB and KMS API (moto) (P-PORTABILITY)', () => {
  test('archives only the tenant’s objects and items, under its key; the link exists only once the archive is whole', async () => {
    const { deps, driver, audit } = setup();
    const started = await startExport(deps, { tenantId: 'acme', requestId: 'req-00001' });
    expect(started).toMatchObject({ tenantId: 'acme', exportId: 'req-00001', status: 'RUNNING', alreadyStarted: false });
    // Started, not finished: no link, nothing at the archive's key.
    expect(await exportStatus(deps, { tenantId: 'acme', requestId: 'req-00001' })).toEqual({
      tenantId: 'acme',
      exportId: 'req-00001',
      status: 'RUNNING',
    });
    await driver.runPending();

    const status = await exportStatus(deps, { tenantId: 'acme', requestId: 'req-00001' });
    expect(status).toMatchObject({ status: 'SUCCEEDED', urlExpiresAt: '2026-11-26T08:15:00.000Z' });
    const key = status.result!.key;
    expect(key).toBe('tenants/acme/exports/2026-11-26/req-00001.jsonl');
    expect(status.result!.counts).toMatchObject({ objects: 2, items: 2 });
    expect(new URL(status.url!).searchParams.get('X-Amz-Expires')).toBe('900');
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: key }))).SSEKMSKeyId).toBe(tenantKey);

    const lines = (await bucketText(s3, 'exports'))[key].trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ kind: 'export', tenantId: 'acme', exportId: 'req-00001' });
    expect(lines.at(-1)).toEqual({ kind: 'end', objects: 2, items: 2 });
    expect(objectsOf(lines)).toEqual({ 'fw-1.json': '{"config":1}', '2026/11/25/a.jsonl': 'x'.repeat(2500) });
    expect(lines.filter((l) => l.kind === 'item').map((l) => l.item)).toEqual([
      { tenantId: 'acme', status: 'active', tenantKeyArn: tenantKey },
      { tenantId: 'acme', deviceId: 'fw-1', siteName: 'HQ' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('acme-2');
    expect(audit.records).toEqual([expect.objectContaining({ operation: 'tenant-export', tenantId: 'acme', outcome: 'done' })]);
    // Nothing but the archive is left: no upload, no remainder.
    expect(await uploads()).toEqual([]);
    expect(Object.keys(await bucketText(s3, 'exports'))).toEqual([key]);
  });

  test('a retried request starts nothing new: one execution, one archive, one audit record', async () => {
    const { deps, driver, audit } = setup();
    await startExport(deps, { tenantId: 'acme', requestId: 'req-00002' });
    const again = await startExport(deps, { tenantId: 'acme', requestId: 'req-00002' });
    expect(again.alreadyStarted).toBe(true);
    await driver.runPending();
    await startExport(deps, { tenantId: 'acme', requestId: 'req-00002' });
    await driver.runPending();
    expect(driver.runs.size).toBe(1);
    expect(audit.records).toHaveLength(1);
    expect(Object.keys(await bucketText(s3, 'exports'))).toHaveLength(1);
  });

  test('a large tenant spans parts and steps; crashes mid-step are resumed from the checkpoint to the same archive', async () => {
    for (let i = 0; i < 12; i++) {
      await s3.send(
        new PutObjectCommand({
          Bucket: 'logs',
          Key: `tenants/acme/fw-2/2026/11/26/${String(i).padStart(2, '0')}.log`,
          Body: Buffer.alloc(1024 * 1024, 97 + (i % 26)),
        }),
      );
    }
    const { deps, driver } = setup();
    // Three objects per listing page, so 12 MiB of logs take several steps and three 5 MiB parts.
    const send = s3.send.bind(s3);
    const calls: Record<string, number> = {};
    const crashes: string[] = [];
    // An S3Client by prototype, as the SDK's paginators require, whose sends pass through here.
    const flaky = Object.assign(Object.create(S3Client.prototype) as S3Client, {
      send: (cmd: { input: Record<string, unknown>; constructor: { name: string } }) => {
        const name = cmd.constructor.name;
        calls[name] = (calls[name] ?? 0) + 1;
        if (name === 'ListObjectsV2Command' && cmd.input.Bucket !== 'exports') cmd.input.MaxKeys = 3;
        // A crash after a part went up in this step, and one while a step saves its remainder:
        // each time the step is retried from its input, the checkpoint the previous step returned.
        if ((name === 'UploadPartCommand' && calls[name] === 2) || (name === 'PutObjectCommand' && calls[name] === 3)) {
          crashes.push(name);
          return Promise.reject(Object.assign(new Error('crash'), { name: 'Crash' }));
        }
        return send(cmd as never);
      },
    });
    const flakyDeps = { ...deps, s3: flaky };
    const flakyDriver = new WorkflowDriver(() => ({
      begin: (input) => beginExport(flakyDeps, input as { tenantId: string; exportId: string }),
      continue: (state) => continueExport(flakyDeps, state as ExportState),
      finish: (state) => finishExport(flakyDeps, state as ExportState),
      fail: async () => { throw new Error('must not fail'); },
    }));
    await startExport({ ...flakyDeps, executions: flakyDriver }, { tenantId: 'acme', requestId: 'req-00003' });
    await flakyDriver.runPending();
    expect(crashes).toEqual(['PutObjectCommand', 'UploadPartCommand']);
    const status = await exportStatus({ ...deps, executions: flakyDriver }, { tenantId: 'acme', requestId: 'req-00003' });
    expect(status.status).toBe('SUCCEEDED');
    const lines = (await bucketText(s3, 'exports'))[status.result!.key]
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const objects = objectsOf(lines);
    expect(Object.keys(objects)).toHaveLength(14);
    for (let i = 0; i < 12; i++)
      expect(objects[`fw-2/2026/11/26/${String(i).padStart(2, '0')}.log`]).toBe(String.fromCharCode(97 + (i % 26)).repeat(1024 * 1024));
    // No line twice after the retries, none lost; the counts agree with the archive.
    expect(lines.filter((l) => l.kind === 'object')).toHaveLength(14);
    expect(status.result!.counts.lines).toBe(lines.length);
    expect(calls.CompleteMultipartUploadCommand).toBe(1);
    expect(await uploads()).toEqual([]);
    expect(Object.keys(await bucketText(s3, 'exports'))).toEqual([status.result!.key]);
    expect(driver.runs.size).toBe(0);
  });

  test('a failed export aborts its upload, removes its remainders, audits the failure and never offers a link', async () => {
    const { deps, driver, audit } = setup({ beforeInvoke: (step) => { if (step === 'finish') throw new Error('no'); }, retries: 0 });
    await startExport(deps, { tenantId: 'acme', requestId: 'req-00004' });
    await driver.runPending();
    expect(await exportStatus(deps, { tenantId: 'acme', requestId: 'req-00004' })).toMatchObject({ status: 'FAILED' });
    expect((await exportStatus(deps, { tenantId: 'acme', requestId: 'req-00004' })).url).toBeUndefined();
    expect(await uploads()).toEqual([]);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'exports' }))).Contents ?? []).toEqual([]);
    expect(audit.records).toEqual([expect.objectContaining({ operation: 'tenant-export', outcome: 'failed' })]);
  });

  test('a tenant without its own key gets the exports class key', async () => {
    const { deps, driver } = setup();
    await startExport(deps, { tenantId: 'acme-2', requestId: 'req-00005' });
    await driver.runPending();
    const { result } = await exportStatus(deps, { tenantId: 'acme-2', requestId: 'req-00005' });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: result!.key }))).SSEKMSKeyId).toBe(classKey);
  });

  test.each([
    [{ tenantId: 'nobody', requestId: 'req-00006' }, /^tenantId: no tenant 'nobody'/],
    [{ tenantId: 'acme' }, /^requestId: must be the caller's id/],
  ])('refuses %j naming the field, starts nothing and writes nothing', async (request, message) => {
    const { deps, driver } = setup();
    await expect(startExport(deps, request)).rejects.toThrow(message);
    expect(driver.runs.size).toBe(0);
    expect(await bucketText(s3, 'exports')).toEqual({});
    expect(await uploads()).toEqual([]);
  });
});
