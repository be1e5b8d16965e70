import { gzipSync } from 'node:zlib';
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  beginDataSubjectRequest, continueDataSubjectRequest, type DataSubjectDeps, type DataSubjectResult, type DataSubjectState,
  dataSubjectRequestStatus, failDataSubjectRequest, finishDataSubjectRequest, startDataSubjectRequest,
} from '../../../lambda/data-subject-request/core';
import { kmsSealer } from '../../../lambda/shared/kms-sealer';
import { type DriverOptions, WorkflowDriver } from '../../support/workflow-driver';
import { s3Presigner } from '../../../lambda/shared/presign';
import { putTenantObject } from '../../../lambda/shared/tenant-object';
import { useMoto } from '../../support/moto';
import { bucketText, createTenantTable, documentClient, memoryAudit, registerTenants } from '../data-rights/fixtures';
import { createVersionedBucket } from '../../support/s3-fixtures';

const moto = useMoto();
let s3: S3Client;
let ddb: DynamoDBClient;
let kms: KMSClient;
let cognito: CognitoIdentityProviderClient;
let userPoolId: string;
let tenantKey: string;
/** The replica region: moto cannot replicate with the same version ids, so its deletes are recorded instead. */
const replica = new S3Client({ region: 'eu-west-1' });
const replicaMock = mockClient(replica);

const line = (user: string, email: string, app: string) => JSON.stringify({ user, email, application: app });
const JANE = line('jane', 'jane@example.com', 'crm');
const BOB = line('bob', 'bob@example.com', 'mail');
const CAROL = line('carol', 'carol@example.com', 'wiki');
const JANE_BY_NAME_ONLY = JSON.stringify({ userName: 'jane', application: 'vpn' });
const K1 = 'tenants/acme/fw-1/2026/11/25/a.jsonl';
const K2 = 'tenants/acme/fw-1/2026/11/26/b.jsonl.gz';
const K3 = 'tenants/acme/fw-2/2026/11/26/c.jsonl';
const NEIGHBOUR = 'tenants/acme-2/fw-9/2026/11/26/d.jsonl';

beforeAll(async () => {
  s3 = new S3Client(moto.clientConfig());
  ddb = new DynamoDBClient(moto.clientConfig());
  kms = new KMSClient(moto.clientConfig());
  cognito = new CognitoIdentityProviderClient(moto.clientConfig());
});
afterAll(async () => {
  for (const c of [s3, ddb, kms, cognito]) c?.destroy();
});

beforeEach(async () => {
  await moto.reset();
  replicaMock.reset();
  replicaMock.on(DeleteObjectsCommand).resolves({});
  // The replica after the deletes: nothing of the erased keys left (overridden where a test needs more).
  replicaMock.on(ListObjectVersionsCommand).resolves({ Versions: [], DeleteMarkers: [], IsTruncated: false });
  tenantKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  for (const b of ['access-p', 'exports']) await createVersionedBucket(s3, b);
  const put = (Key: string, Body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: 'access-p', Key, Body }));
  await put(K1, `${JANE}\n${BOB}\n`);
  await putTenantObject(s3, {
    bucket: 'access-p',
    tenantId: 'acme',
    relativeKey: K1.slice(13),
    tenantKeyArn: tenantKey,
    body: `${JANE}\n${BOB}\n${CAROL}\n${JANE_BY_NAME_ONLY}\n`,
  });
  await put(K2, gzipSync(`${JANE}\n`));
  await put(K3, `${JANE}\n`);
  await put(K3, `${BOB}\n`);
  await put(NEIGHBOUR, `${JANE}\n`);

  await createTenantTable(ddb, 'registry');
  await createTenantTable(ddb, 'devices', 'deviceId');
  const doc = documentClient(ddb);
  await registerTenants(doc, 'registry', [{ tenantId: 'acme', tenantKeyArn: tenantKey }, { tenantId: 'acme-2' }]);
  for (const Item of [
    { tenantId: 'acme', deviceId: 'fw-1', siteName: 'HQ', userName: 'jane' },
    { tenantId: 'acme', deviceId: 'fw-2', siteName: 'Lab', userName: 'bob' },
    { tenantId: 'acme-2', deviceId: 'fw-9', siteName: 'Other', userName: 'jane' },
  ]) {
    await doc.send(new PutCommand({ TableName: 'devices', Item }));
  }

  userPoolId = (
    await cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'portal',
        Schema: [{ Name: 'tenantId', AttributeDataType: 'String', Mutable: false }],
      }),
    )
  ).UserPool!.Id!;
  for (const [Username, email, tenantId] of [
    ['jane', 'jane@example.com', 'acme'],
    ['bob', 'bob@example.com', 'acme'],
    ['jane-other', 'jane@example.com', 'acme-2'],
  ]) {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'custom:tenantId', Value: tenantId },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
  }
});

function deps(audit = memoryAudit(), primary: S3Client = s3): DataSubjectDeps {
  return {
    s3: { primary, replica },
    ddb: documentClient(ddb),
    registryTable: 'registry',
    cognito: { client: cognito, userPoolId },
    logBuckets: { 'access-logs': { primary: 'access-p', replica: 'access-r' } },
    tables: { 'device-metadata': { table: 'devices', keyAttributes: ['tenantId', 'deviceId'], personalAttributes: ['userName', 'email'] } },
    destination: { bucket: 'exports', classKeyArn: tenantKey, urlSeconds: 600 },
    presign: s3Presigner(s3),
    audit,
    executions: undefined as never,
    sealer: kmsSealer(kms, tenantKey),
    // Two versions per listing page and one page per step: keys span pages, requests span steps.
    budget: { pages: 1, timeUp: () => false },
    pageSize: 2,
    readConcurrency: 3,
    now: () => new Date('2026-11-26T08:00:00Z'),
  };
}

let requests = 0;

/** Starts a request, runs its workflow as the state machine would, and answers its status. */
async function dsr(
  request: Record<string, unknown>,
  options: { audit?: ReturnType<typeof memoryAudit>; primary?: S3Client; driver?: DriverOptions; requestId?: string } = {},
): Promise<DataSubjectResult & { url?: string; urlExpiresAt?: string }> {
  const d = deps(options.audit, options.primary);
  const driver = new WorkflowDriver(() => ({
    begin: (input) => beginDataSubjectRequest(d, input as Parameters<typeof beginDataSubjectRequest>[1]),
    continue: (state) => continueDataSubjectRequest(d, state as DataSubjectState),
    finish: (state) => finishDataSubjectRequest(d, state as DataSubjectState),
    fail: (state, error) => failDataSubjectRequest(d, state as DataSubjectState, { tenantId: 'acme', requestId: 'x', error }),
  }), options.driver);
  const full = { ...d, executions: driver };
  const requestId = options.requestId ?? `req-${String(++requests).padStart(5, '0')}`;
  await startDataSubjectRequest(full, { requestId, ...request });
  await driver.runPending();
  const status = await dataSubjectRequestStatus(full, { tenantId: request.tenantId, requestId });
  if (status.status !== 'SUCCEEDED') throw new Error(`request ended ${status.status}: ${status.error}`);
  return { ...status.result!, url: status.url, urlExpiresAt: status.urlExpiresAt };
}

async function versionsOf(key: string): Promise<string[]> {
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: 'access-p', Prefix: key }));
  return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].filter((v) => v.Key === key).map((v) => v.VersionId!);
}
async function currentText(key: string): Promise<string> {
  return (await s3.send(new GetObjectCommand({ Bucket: 'access-p', Key: key }))).Body!.transformToString();
}
async function portalUsers(): Promise<string[]> {
  return ((await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId }))).Users ?? []).map((u) => u.Username!).sort();
}

describe('data-subject requests on a real S3, DynamoDB, KMS and Cognito API (moto) (P-DSR)', () => {
  test('find: counts the subject’s account, log lines in every version and items, changes nothing', async () => {
    const before = await bucketText(s3, 'access-p');
    const result = await dsr({ tenantId: 'acme', mode: 'find', email: 'jane@example.com' });
    expect(result.accounts).toEqual({ searched: true, found: 1, deleted: 0 });
    // The account found by e-mail adds the user name, which finds the line without an e-mail.
    expect(result.logs['access-logs']).toMatchObject({
      objects: 3,
      versions: 4,
      lines: 5,
      keys: [K1.slice(13), K2.slice(13), K3.slice(13)],
    });
    expect(result.items['device-metadata']).toEqual({ found: 1, redacted: 0 });
    expect(await bucketText(s3, 'access-p')).toEqual(before);
    expect(await portalUsers()).toEqual(['bob', 'jane', 'jane-other']);
  });

  test('export: writes the subject’s account, lines and items to the exports bucket with a short link', async () => {
    const result = await dsr({ tenantId: 'acme', mode: 'export', userName: 'jane' }, { requestId: 'req-export1' });
    expect(result.export).toMatchObject({ key: 'tenants/acme/data-subject-requests/2026-11-26/req-export1.jsonl' });
    expect(result.urlExpiresAt).toBe('2026-11-26T08:10:00.000Z');
    expect(new URL(result.url!).pathname).toContain(result.export!.key);
    const lines = (await bucketText(s3, 'exports'))[result.export!.key].trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.kind === 'account').map((l) => l.userName)).toEqual(['jane']);
    expect(lines.filter((l) => l.kind === 'log')).toHaveLength(5);
    expect(lines.filter((l) => l.kind === 'item').map((l) => l.item.deviceId)).toEqual(['fw-1']);
    expect(JSON.stringify(lines)).not.toMatch(/bob|carol|acme-2/);
  });

  test('erase: rewrites without the subject, removes every older version in both regions, keeps other subjects and tenants', async () => {
    const k1Before = await versionsOf(K1);
    const k2Before = await versionsOf(K2);
    const [k3Clean, k3Dirty] = await versionsOf(K3); // newest first
    const audit = memoryAudit();
    const result = await dsr({ tenantId: 'acme', mode: 'erase', email: 'jane@example.com' }, { audit });

    // K1: a redacted current version remains; both older versions are gone.
    expect(await currentText(K1)).toBe(`${BOB}\n${CAROL}\n`);
    const k1After = await versionsOf(K1);
    expect(k1After).toHaveLength(1);
    expect(k1Before).not.toContain(k1After[0]);
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'access-p', Key: K1 }))).SSEKMSKeyId).toBe(tenantKey);
    // K2 held only the subject: the key is gone entirely. K3: the dirty old version is gone, the clean current stays.
    expect(await versionsOf(K2)).toEqual([]);
    expect(await versionsOf(K3)).toEqual([k3Clean]);
    expect(await currentText(K3)).toBe(`${BOB}\n`);
    expect(await currentText(NEIGHBOUR)).toBe(`${JANE}\n`);

    // The replica loses exactly the version ids the primary lost (replication keeps version ids).
    const replicaDeleted = replicaMock
      .commandCalls(DeleteObjectsCommand)
      .filter((c) => c.args[0].input.Bucket === 'access-r')
      .flatMap((c) => c.args[0].input.Delete!.Objects!.map((o) => `${o.Key}@${o.VersionId}`));
    expect(replicaDeleted.sort()).toEqual(
      [...k1Before.map((v) => `${K1}@${v}`), ...k2Before.map((v) => `${K2}@${v}`), `${K3}@${k3Dirty}`].sort(),
    );
    expect(result.logs['access-logs'].deletedVersions).toEqual({ primary: 4, replica: 4 });
    expect(result).toMatchObject({ outcome: 'done', remaining: [] });
    expect(audit.records[0].outcome).toBe('done');
    // The answer says until when the table's point-in-time recovery can bring the redacted attributes back.
    expect(result.backups).toEqual([
      { dataClass: 'device-metadata', kind: 'dynamodb-point-in-time-recovery', days: 35, until: '2026-12-31T08:00:00.000Z' },
    ]);

    const doc = documentClient(ddb);
    expect((await doc.send(new GetCommand({ TableName: 'devices', Key: { tenantId: 'acme', deviceId: 'fw-1' } }))).Item).toEqual({
      tenantId: 'acme',
      deviceId: 'fw-1',
      siteName: 'HQ',
    });
    expect((await doc.send(new GetCommand({ TableName: 'devices', Key: { tenantId: 'acme', deviceId: 'fw-2' } }))).Item?.userName).toBe(
      'bob',
    );
    expect((await doc.send(new GetCommand({ TableName: 'devices', Key: { tenantId: 'acme-2', deviceId: 'fw-9' } }))).Item?.userName).toBe(
      'jane',
    );
    expect(await portalUsers()).toEqual(['bob', 'jane-other']);

    expect(result).toMatchObject({ accounts: { found: 1, deleted: 1 }, items: { 'device-metadata': { found: 1, redacted: 1 } } });
    expect(result.logs['access-logs']).toMatchObject({ objects: 3, rewritten: 1 });
    expect(JSON.stringify(audit.records)).not.toMatch(/jane|example\.com/);

    // Erasing again finds nothing left.
    const again = await dsr({ tenantId: 'acme', mode: 'find', email: 'jane@example.com', userName: 'jane' });
    expect(again.logs['access-logs'].lines).toBe(0);
    expect(again.items['device-metadata'].found).toBe(0);
  });

  test('erase: a version the replica refuses to delete is reported as remaining, with S3’s reason, and the erase is partial', async () => {
    const k2Before = await versionsOf(K2);
    replicaMock.on(DeleteObjectsCommand).callsFake((input: { Delete: { Objects: { Key: string; VersionId: string }[] } }) => ({
      Errors: input.Delete.Objects.filter((o) => o.Key === K2).map((o) => ({
        Key: o.Key, VersionId: o.VersionId, Code: 'AccessDenied', Message: 'Access Denied because object protected by object lock.',
      })),
    }));
    replicaMock.on(ListObjectVersionsCommand).callsFake((input: { Prefix: string }) => ({
      Versions: input.Prefix === K2 ? k2Before.map((VersionId) => ({ Key: K2, VersionId, IsLatest: false })) : [],
      IsTruncated: false,
    }));
    const audit = memoryAudit();
    const result = await dsr({ tenantId: 'acme', mode: 'erase', email: 'jane@example.com' }, { audit });
    expect(result.outcome).toBe('partial');
    expect(result.remaining).toEqual(
      k2Before.map((versionId) => ({
        dataClass: 'access-logs', copy: 'replica', key: K2.slice(13), versionId,
        reason: expect.stringMatching(/^replica: refused by S3 \(object lock retention, legal hold or a bucket policy\)/),
      })),
    );
    expect(result.logs['access-logs'].deletedVersions.replica).toBe(3);
    expect(result.logs['access-logs'].remainingVersions).toEqual({ primary: 0, replica: 1 });
    expect(audit.records[0]).toMatchObject({ outcome: 'partial' });
  });

  test('erase: a version still listed in the replica after its delete keeps the erase partial', async () => {
    const [k3Clean, k3Dirty] = await versionsOf(K3);
    // Deletes "succeed", yet the replica still lists the dirty version (e.g. it arrived after the delete).
    replicaMock.on(ListObjectVersionsCommand).callsFake((input: { Prefix: string }) => ({
      Versions:
        input.Prefix === K3
          ? [
              { Key: K3, VersionId: k3Clean, IsLatest: true },
              { Key: K3, VersionId: k3Dirty, IsLatest: false },
            ]
          : [],
      IsTruncated: false,
    }));
    const result = await dsr({ tenantId: 'acme', mode: 'erase', email: 'jane@example.com' });
    expect(result.outcome).toBe('partial');
    expect(result.remaining).toEqual([
      {
        dataClass: 'access-logs',
        copy: 'replica',
        key: K3.slice(13),
        versionId: k3Dirty,
        reason: 'replica: still listed after its delete',
      },
    ]);
  });

  test('erase: a crash in the middle of a step is resumed from the checkpoint and ends as a clean erase does', async () => {
    const [k3Clean] = await versionsOf(K3);
    // The first DeleteObjects on the primary fails after K1's redacted version was written.
    const send = s3.send.bind(s3);
    let deletes = 0;
    // An S3Client by prototype, as the SDK's paginators require, whose sends pass through here.
    const flaky = Object.assign(Object.create(S3Client.prototype) as S3Client, {
      send: (cmd: { constructor: { name: string } }) => {
        if (cmd.constructor.name === 'DeleteObjectsCommand' && ++deletes === 1)
          return Promise.reject(Object.assign(new Error('crash'), { name: 'Crash' }));
        return send(cmd as never);
      },
    });
    const audit = memoryAudit();
    const result = await dsr({ tenantId: 'acme', mode: 'erase', email: 'jane@example.com' }, { audit, primary: flaky });
    expect(deletes).toBeGreaterThan(1);
    expect(await currentText(K1)).toBe(`${BOB}\n${CAROL}\n`);
    expect(await versionsOf(K1)).toHaveLength(1);
    expect(await versionsOf(K2)).toEqual([]);
    expect(await versionsOf(K3)).toEqual([k3Clean]);
    expect(result).toMatchObject({ outcome: 'done', remaining: [] });
    expect(audit.records.map((r) => r.outcome)).toEqual(['done']);
  });

  test('a retried request (same requestId) starts nothing new: one execution, one archive, one audit record', async () => {
    const d = deps();
    const audit = memoryAudit();
    const runs: string[] = [];
    const driver = new WorkflowDriver(() => ({
      begin: (input) => beginDataSubjectRequest({ ...d, audit }, input as Parameters<typeof beginDataSubjectRequest>[1]),
      continue: (state) => continueDataSubjectRequest({ ...d, audit }, state as DataSubjectState),
      finish: (state) => { runs.push('finish'); return finishDataSubjectRequest({ ...d, audit }, state as DataSubjectState); },
      fail: async () => undefined,
    }));
    const full = { ...d, audit, executions: driver };
    const request = { requestId: 'portal-req-7', tenantId: 'acme', mode: 'export', email: 'jane@example.com' };
    expect((await startDataSubjectRequest(full, request)).alreadyStarted).toBe(false);
    expect((await startDataSubjectRequest(full, request)).alreadyStarted).toBe(true);
    await driver.runPending();
    expect((await startDataSubjectRequest(full, request)).alreadyStarted).toBe(true);
    await driver.runPending();
    expect(runs).toEqual(['finish']);
    expect(audit.records).toHaveLength(1);
    expect(Object.keys(await bucketText(s3, 'exports'))).toEqual(['tenants/acme/data-subject-requests/2026-11-26/portal-req-7.jsonl']);
  });

  test('the workflow state and execution input never hold the subject’s identifiers', async () => {
    const d = deps();
    const seen: unknown[] = [];
    const driver = new WorkflowDriver(() => ({
      begin: async (input) => { seen.push(input); const s = await beginDataSubjectRequest(d, input as never); seen.push(s); return s; },
      continue: async (state) => { const s = await continueDataSubjectRequest(d, state as DataSubjectState); seen.push(s); return s; },
      finish: async (state) => { const r = await finishDataSubjectRequest(d, state as DataSubjectState); seen.push(r); return r; },
      fail: async () => undefined,
    }));
    await startDataSubjectRequest(
      { ...d, executions: driver },
      { requestId: 'req-sealed1', tenantId: 'acme', mode: 'erase', email: 'jane@example.com' },
    );
    await driver.runPending();
    expect(seen.length).toBeGreaterThan(3);
    expect(JSON.stringify(seen)).not.toMatch(/jane|example\.com/i);
  });

  test('find and erase match the subject written in another Unicode normalisation form', async () => {
    const nfd = 'zoe\u0308'; // "zoë" as a device wrote it: e + combining diaeresis
    const key = 'tenants/acme/fw-3/2026/11/26/z.jsonl';
    await s3.send(new PutObjectCommand({ Bucket: 'access-p', Key: key, Body: `${JSON.stringify({ user: nfd, app: 'crm' })}\n${BOB}\n` }));
    const found = await dsr({ tenantId: 'acme', mode: 'find', userName: 'Zo\u00eb' });
    expect(found.logs['access-logs']).toMatchObject({ objects: 1, lines: 1, keys: [key.slice(13)] });
    await dsr({ tenantId: 'acme', mode: 'erase', userName: 'zo\u00eb' });
    expect(await currentText(key)).toBe(`${BOB}\n`);
  });

  test('accepts an internationalised address and finds its lines under the other form of the domain', async () => {
    const key = 'tenants/acme/fw-3/2026/11/26/idn.jsonl';
    await s3.send(
      new PutObjectCommand({ Bucket: 'access-p', Key: key, Body: `${JSON.stringify({ email: 'jürgen@xn--bcher-kva.de' })}\n` }),
    );
    const found = await dsr({ tenantId: 'acme', mode: 'find', email: 'jürgen@Bücher.de' });
    expect(found.logs['access-logs']).toMatchObject({ objects: 1, lines: 1 });
  });

  test.each([
    [
      { tenantId: 'acme', mode: 'erase', email: 'jane@@example' },
      /^email: "jane@@example" is not a well-formed e-mail address; nothing changed$/,
    ],
    [{ tenantId: 'acme', mode: 'erase', email: 'x" or email ^= "' }, /^email: /],
    [{ tenantId: 'acme', mode: 'erase' }, /^email: name the data subject by email or userName$/],
    [{ tenantId: 'acme', mode: 'forget', email: 'jane@example.com' }, /^mode: /],
    [{ tenantId: 'nobody', mode: 'erase', email: 'jane@example.com' }, /^tenantId: no tenant 'nobody'/],
  ])('refuses %j naming the field and changes nothing', async (request, message) => {
    const before = await bucketText(s3, 'access-p');
    await expect(dsr(request)).rejects.toThrow(message);
    expect(await bucketText(s3, 'access-p')).toEqual(before);
    expect(await portalUsers()).toEqual(['bob', 'jane', 'jane-other']);
    expect(replicaMock.calls()).toHaveLength(0);
  });
});
