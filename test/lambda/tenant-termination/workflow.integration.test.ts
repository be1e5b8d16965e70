import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handlerLogger, silentLogger } from '../../../lambda/shared/logger';
import { countUnderPrefix } from '../../../lambda/shared/s3-versions';
import type { StoreCatalog } from '../../../lambda/tenant-termination/contract';
import { onboardTenant } from '../../../lambda/tenant-onboarding/onboard';
import { createTenantTable } from '../../support/dynamodb-fixtures';
import { useMoto } from '../../support/moto';
import { createVersionedBucket, seedTenant } from '../../support/s3-fixtures';
import { runTermination, type DriverClients, type DriverOptions } from '../../support/termination-driver';

const PRIMARY = 'eu-central-1';
const REPLICA = 'eu-west-1';
const ALIAS_PREFIX = 'alias/steward/eu/tenant/';

const moto = useMoto();
let clients: DriverClients;
let options: DriverOptions;
let crashNextDelete: boolean;
const seeded: Record<string, { versions: number; markers: number; uploads: number }> = {};

function regional<T>(make: (region: string) => T): (region: string) => T {
  const cache = new Map<string, T>();
  return (region) => cache.get(region) ?? (cache.set(region, make(region)), cache.get(region)!);
}

beforeAll(async () => {
  clients = {
    s3: regional((region) => {
      const s3 = new S3Client(moto.clientConfig(region));
      // A crash in the middle of a purge slice: the first delete goes through, the next one dies.
      let deletes = 0;
      s3.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'DeleteObjectsCommand' && crashNextDelete && ++deletes === 2) {
            crashNextDelete = false;
            throw new Error('injected crash');
          }
          return next(args);
        },
        { step: 'initialize', name: 'injectCrash' },
      );
      return s3;
    }),
    ddb: regional((region) => DynamoDBDocumentClient.from(new DynamoDBClient(moto.clientConfig(region)))),
    cognito: regional((region) => new CognitoIdentityProviderClient(moto.clientConfig(region))),
    kms: new KMSClient(moto.clientConfig(PRIMARY)),
  };
});
/** Seeds two tenants across both regions; `scale` 1 puts more than 1000 versions of acme in one bucket. */
async function seedWorld(scale: number): Promise<void> {
  await moto.reset();
  crashNextDelete = false;
  const s3p = clients.s3(PRIMARY);
  const s3r = clients.s3(REPLICA);
  await createVersionedBucket(s3p, 'device-logs-primary');
  await createVersionedBucket(s3r, 'device-logs-replica');
  await s3p.send(new CreateBucketCommand({ Bucket: 'config-cache-primary', CreateBucketConfiguration: { LocationConstraint: PRIMARY } }));
  await createVersionedBucket(s3p, 'audit-receipts');
  seeded.acmeLogs = await seedTenant(s3p, 'device-logs-primary', 'tenants/acme/', {
    keys: Math.ceil(420 * scale),
    versionsPerKey: 3,
    markerEvery: 5,
    uploads: 2,
  });
  seeded.neighbourLogs = await seedTenant(s3p, 'device-logs-primary', 'tenants/acme-2/', {
    keys: 40,
    versionsPerKey: 2,
    markerEvery: 4,
    uploads: 1,
  });
  seeded.acmeReplica = await seedTenant(s3r, 'device-logs-replica', 'tenants/acme/', {
    keys: Math.ceil(150 * scale),
    versionsPerKey: 2,
    markerEvery: 10,
  });
  seeded.neighbourReplica = await seedTenant(s3r, 'device-logs-replica', 'tenants/acme-2/', { keys: 20, versionsPerKey: 2 });
  seeded.acmeCache = await seedTenant(s3p, 'config-cache-primary', 'tenants/acme/', { keys: 15, versionsPerKey: 1 });
  seeded.neighbourCache = await seedTenant(s3p, 'config-cache-primary', 'tenants/acme-2/', { keys: 5, versionsPerKey: 1 });

  await createTenantTable(new DynamoDBClient(moto.clientConfig(PRIMARY)), 'tenant-registry');
  await createTenantTable(new DynamoDBClient(moto.clientConfig(PRIMARY)), 'device-metadata', 'deviceId');
  await createTenantTable(new DynamoDBClient(moto.clientConfig(REPLICA)), 'device-metadata', 'deviceId');
  const ddb = clients.ddb(PRIMARY);
  for (const [tenantId, count] of [['acme', 90], ['acme-2', 12]] as const) {
    const items = Array.from({ length: count }, (_, i) => ({ tenantId, deviceId: `fw-${i}`, siteName: `site ${i}` }));
    for (let i = 0; i < items.length; i += 25) {
      await ddb.send(
        new BatchWriteCommand({ RequestItems: { 'device-metadata': items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
  }

  const cognito = clients.cognito(PRIMARY);
  const pool = await cognito.send(new CreateUserPoolCommand({
    PoolName: 'portal-users', Schema: [{ Name: 'tenantId', AttributeDataType: 'String', Mutable: false }],
  }));
  const userPoolId = pool.UserPool!.Id!;
  for (const [tenantId, count] of [['acme', 7], ['acme-2', 2]] as const) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: `tenant-${tenantId}` }));
    for (let i = 0; i < count; i++) {
      const Username = `user${i}@${tenantId}.example`;
      // Users carry their tenant's id, as the portal user guard requires of every user.
      const UserAttributes = [{ Name: 'email', Value: Username }, { Name: 'custom:tenantId', Value: tenantId }];
      await cognito.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username, UserAttributes }));
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username, GroupName: `tenant-${tenantId}` }));
    }
  }

  const onboarding = {
    kms: clients.kms, ddb, registryTable: 'tenant-registry', aliasPrefix: ALIAS_PREFIX, appName: 'steward', jurisdictionId: 'eu',
    partition: 'aws', accountId: '123456789012', region: PRIMARY, platformRoleArnPattern: 'arn:aws:iam::123456789012:role/steward-eu-*',
    keyAdministratorArn: 'arn:aws:iam::123456789012:role/steward-eu-tenant-lifecycle-OnboardingRole',
    log: silentLogger,
  };
  await onboardTenant(onboarding, { tenantId: 'acme' });
  await onboardTenant(onboarding, { tenantId: 'acme-2' });

  const catalog: StoreCatalog = {
    buckets: [
      { bucket: 'device-logs-primary', region: PRIMARY, dataClass: 'device-logs' },
      { bucket: 'device-logs-replica', region: REPLICA, dataClass: 'device-logs' },
      { bucket: 'config-cache-primary', region: PRIMARY, dataClass: 'config-cache' },
    ],
    tables: [
      { table: 'device-metadata', dataClass: 'device-metadata', sortKey: 'deviceId', region: PRIMARY, verifyRegions: [PRIMARY, REPLICA] },
    ],
    userPools: [{ userPoolId, region: PRIMARY }],
  };
  options = {
    catalog,
    registryTable: 'tenant-registry',
    receiptBucket: 'audit-receipts',
    primaryRegion: PRIMARY,
    aliasPrefix: ALIAS_PREFIX,
    maxPages: 1,
  };
}

const markTerminated = (tenantId: string) =>
  clients.ddb(PRIMARY).send(new UpdateCommand({
    TableName: 'tenant-registry', Key: { tenantId }, UpdateExpression: 'SET #s = :t',
    ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':t': 'terminated' },
  }));

async function snapshotNeighbour() {
  return {
    logs: await countUnderPrefix(clients.s3(PRIMARY), { bucket: 'device-logs-primary', prefix: 'tenants/acme-2/' }),
    replica: await countUnderPrefix(clients.s3(REPLICA), { bucket: 'device-logs-replica', prefix: 'tenants/acme-2/' }),
    cache: await countUnderPrefix(clients.s3(PRIMARY), { bucket: 'config-cache-primary', prefix: 'tenants/acme-2/' }),
    users: (
      await clients
        .cognito(PRIMARY)
        .send(new ListUsersInGroupCommand({ UserPoolId: options.catalog.userPools[0].userPoolId, GroupName: 'tenant-acme-2' }))
    ).Users?.length,
    key: (await clients.kms.send(new DescribeKeyCommand({ KeyId: `${ALIAS_PREFIX}acme-2` }))).KeyMetadata?.KeyState,
    registry: (await clients.ddb(PRIMARY).send(new GetCommand({ TableName: 'tenant-registry', Key: { tenantId: 'acme-2' } }))).Item?.status,
  };
}

describe('tenant termination end to end on moto', () => {
  // One seeded world; the tests that must leave it untouched run before the one that deletes.
  beforeAll(() => seedWorld(1));

  test.each([
    [{ tenantId: '../x' }, /^tenantId: '..\/x' is not a tenant id/],
    [{ tenantId: '' }, /^tenantId: a tenant id is required/],
    [{ tenantId: '*' }, /^tenantId: '\*' is not a tenant id/],
    [{ tenantId: 'ACME' }, /^tenantId: 'ACME' is not a tenant id/],
    [{ tenantId: 'acme', dryRun: 'yes' }, /^dryRun: must be true or false/],
    [{ tenantId: 'acme' }, /^tenantId: tenant 'acme' is not marked terminated/],
  ])('refuses %j with an error naming the field and deletes nothing', async (input, message) => {
    await expect(runTermination(clients, options, input)).rejects.toThrow(message);
    expect(await countUnderPrefix(clients.s3(PRIMARY), { bucket: 'device-logs-primary', prefix: 'tenants/acme/' })).toMatchObject({
      versions: seeded.acmeLogs.versions,
    });
    expect((await clients.kms.send(new DescribeKeyCommand({ KeyId: `${ALIAS_PREFIX}acme` }))).KeyMetadata?.KeyState).toBe('Enabled');
  });

  test('a dry run reports what would be deleted and deletes nothing', async () => {
    await markTerminated('acme');
    const { state, receipt } = await runTermination(clients, options, { tenantId: 'acme', dryRun: true }, 'dry');
    const logs = state.buckets.find((b) => b.target.bucket === 'device-logs-primary')!;
    expect(logs.totals.wouldDelete).toBe(seeded.acmeLogs.versions + seeded.acmeLogs.markers + seeded.acmeLogs.uploads);
    expect(logs.totals.deletedVersions).toBe(0);
    expect(state.tables[0].totals.wouldDelete).toBe(90);
    expect(state.users[0].totals.wouldDelete).toBe(7);
    expect(receipt).toMatchObject({ dryRun: true, receiptKey: 'terminations/acme/dry-run-dry.json' });
    expect(await countUnderPrefix(clients.s3(PRIMARY), { bucket: 'device-logs-primary', prefix: 'tenants/acme/' })).toEqual({
      versions: seeded.acmeLogs.versions, deleteMarkers: seeded.acmeLogs.markers, uploads: seeded.acmeLogs.uploads,
    });
    expect((await clients.kms.send(new DescribeKeyCommand({ KeyId: `${ALIAS_PREFIX}acme` }))).KeyMetadata?.KeyState).toBe('Enabled');
  });

  test('deletes every copy of acme in both regions, survives a crash mid-purge, leaves acme-2 intact and writes a receipt', async () => {
    await markTerminated('acme');
    const neighbourBefore = await snapshotNeighbour();
    crashNextDelete = true;
    const history: unknown[] = [];
    // The steps log with a handler's logger, as deployed; what it writes is read below.
    const written: string[] = [];
    const capture = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      }));
    const log = handlerLogger('tenant-termination');
    const { state, receipt } = await runTermination(clients, { ...options, history, log }, { tenantId: 'acme' }, 'terminate-acme')
      .finally(() => capture.forEach((spy) => spy.mockRestore()));

    expect(crashNextDelete).toBe(false); // the crash did happen, and the retry from the checkpoint finished the job
    expect(state.verification.clean).toBe(true);
    const logs = state.buckets.find((b) => b.target.bucket === 'device-logs-primary')!;
    expect(logs.invocations).toBeGreaterThan(1);
    expect(logs.totals.abortedUploads).toBe(seeded.acmeLogs.uploads);
    expect(logs.totals.deletedMarkers).toBeLessThanOrEqual(seeded.acmeLogs.markers);
    const replica = state.buckets.find((b) => b.target.bucket === 'device-logs-replica')!;
    expect(replica.totals).toMatchObject({ deletedVersions: seeded.acmeReplica.versions, deletedMarkers: seeded.acmeReplica.markers });
    expect(state.tables[0].totals.deletedItems).toBe(90);
    expect(state.users[0].totals).toMatchObject({ deletedUsers: 7, groupDeleted: true });
    expect(state.key.keyState).toBe('PendingDeletion');

    for (const [region, bucket] of [
      [PRIMARY, 'device-logs-primary'],
      [REPLICA, 'device-logs-replica'],
      [PRIMARY, 'config-cache-primary'],
    ]) {
      expect(await countUnderPrefix(clients.s3(region), { bucket, prefix: 'tenants/acme/' })).toEqual({
        versions: 0,
        deleteMarkers: 0,
        uploads: 0,
      });
    }
    expect(
      (await clients.ddb(PRIMARY).send(new GetCommand({ TableName: 'tenant-registry', Key: { tenantId: 'acme' } }))).Item,
    ).toMatchObject({ status: 'tombstone' });

    expect(await snapshotNeighbour()).toEqual(neighbourBefore);
    expect(neighbourBefore).toMatchObject({
      logs: { versions: seeded.neighbourLogs.versions, deleteMarkers: seeded.neighbourLogs.markers, uploads: 1 },
      users: 2, key: 'Enabled', registry: 'active',
    });

    expect(receipt).toEqual({
      receiptBucket: 'audit-receipts',
      receiptKey: 'terminations/acme/terminate-acme.json',
      verified: true,
      dryRun: false,
    });
    const body = await (
      await clients.s3(PRIMARY).send(new GetObjectCommand({ Bucket: 'audit-receipts', Key: receipt.receiptKey }))
    ).Body!.transformToString();
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({
      tenantId: 'acme', verified: true, outcome: 'terminated', registry: 'tombstoned', userPools: [{ deletedUsers: 7 }],
      remaining: { userPools: [{ users: 0, groupMembers: 0 }], protectedVersions: [], leftovers: [] },
    });
    expect(body).not.toMatch(/@acme\.example|user\d|obj-\d/); // no user names, e-mails or object keys

    // What the execution history would keep: every state handed between steps. Shards and
    // checkpoints (there were some: the purge took several slices) travel sealed; no object key,
    // prefix, user name or e-mail appears in any of them.
    const states = history.filter((h): h is Record<string, unknown> => typeof h === 'object' && h !== null);
    expect(states.filter((h) => 'checkpoint' in h && h.checkpoint !== undefined).length).toBeGreaterThan(0);
    expect(states.filter((h) => 'shard' in h).every((h) => typeof (h.shard as { sealed?: unknown }).sealed === 'string')).toBe(true);
    expect(JSON.stringify(history)).not.toMatch(/tenants\/|obj-\d|upload-\d|@acme|user\d/);

    // The log lines the steps wrote name the tenant, never a user, an e-mail or an object key.
    const lines = written.join('').split('\n').filter((l) => l.startsWith('{"level"'));
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(expect.arrayContaining(['bucket slice purged', 'user slice deleted']));
    expect(lines.every((l) => JSON.parse(l).tenantId === 'acme')).toBe(true);
    expect(lines.join('\n')).not.toMatch(/tenants\/|obj-\d|upload-\d|@acme|user\d/);
  });

});

describe('tenant termination verification', () => {
  beforeAll(() => seedWorld(0.1));

  test('verification fails, and the registry entry is kept, when a copy is left in the replica region', async () => {
    await markTerminated('acme');
    await clients.ddb(REPLICA).send(new BatchWriteCommand({
      RequestItems: { 'device-metadata': [{ PutRequest: { Item: { tenantId: 'acme', deviceId: 'fw-stale' } } }] },
    }));
    await clients.s3(PRIMARY).send(new PutObjectCommand({ Bucket: 'audit-receipts', Key: 'unrelated.json', Body: '{}' }));
    const { state, receipt } = await runTermination(clients, options, { tenantId: 'acme' }, 'terminate-acme');
    expect(state.verification.clean).toBe(false);
    expect(state.verification.tables).toContainEqual({ table: 'device-metadata', region: REPLICA, items: 1 });
    expect(receipt.verified).toBe(false);
    expect(
      (await clients.ddb(PRIMARY).send(new GetCommand({ TableName: 'tenant-registry', Key: { tenantId: 'acme' } }))).Item?.status,
    ).toBe('terminated');
  });
});
