import {
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  DeleteGroupCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand, DisableKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { StartExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { kmsEnvelopeSealer } from '../../../lambda/shared/kms-sealer';
import { silentLogger } from '../../../lambda/shared/logger';
import type { StoreCatalog } from '../../../lambda/tenant-termination/contract';
import { deleteUsersStep } from '../../../lambda/tenant-termination/delete-users';
import { countTenantUsers } from '../../../lambda/tenant-termination/portal-users';
import { planTermination } from '../../../lambda/tenant-termination/plan';
import { purgeBucketStep } from '../../../lambda/tenant-termination/purge-bucket';
import { batchDelete, purgeTableStep } from '../../../lambda/tenant-termination/purge-table';
import { shredTenantKey } from '../../../lambda/tenant-termination/shred-key';
import { startTermination, terminationExecutionName } from '../../../lambda/termination-trigger/start';

const catalog: StoreCatalog = {
  buckets: [{ bucket: 'logs', region: 'eu-central-1', dataClass: 'device-logs' }],
  tables: [
    { table: 'devices', dataClass: 'device-metadata', sortKey: 'deviceId', region: 'eu-central-1', verifyRegions: ['eu-central-1'] },
  ],
  userPools: [{ userPoolId: 'eu-central-1_abc', region: 'eu-central-1' }],
};
const noWait = { sleep: async () => undefined };

describe('plan', () => {
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
  const mock = mockClient(ddb);
  beforeEach(() => mock.reset());
  const deps = { ddb, registryTable: 'registry', catalog, now: () => new Date('2026-11-26T08:00:00Z') };

  test('lays out every store for a tenant marked terminated', async () => {
    mock.on(GetCommand).resolves({ Item: { status: 'terminated' } });
    const plan = await planTermination(deps, { input: { tenantId: 'acme' }, executionName: 'terminate-acme' });
    expect(plan).toMatchObject({
      tenantId: 'acme',
      dryRun: false,
      registryStatus: 'terminated',
      buckets: catalog.buckets,
      startedAt: '2026-11-26T08:00:00.000Z',
    });
  });

  test('refuses an active tenant for a real run but allows a dry run', async () => {
    mock.on(GetCommand).resolves({ Item: { status: 'active' } });
    await expect(planTermination(deps, { input: { tenantId: 'acme' }, executionName: 'x' })).rejects.toThrow(
      /^tenantId: tenant 'acme' is not marked terminated/,
    );
    await expect(planTermination(deps, { input: { tenantId: 'acme', dryRun: true }, executionName: 'x' })).resolves.toMatchObject({
      dryRun: true,
    });
  });

  test('refuses unknown input fields by name, before reading anything', async () => {
    await expect(planTermination(deps, { input: { tenantId: 'acme', tenant: 'x' }, executionName: 'x' })).rejects.toThrow(
      /^tenant: is not an input/,
    );
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('shred-key', () => {
  const kms = new KMSClient({ region: 'eu-central-1' });
  const mock = mockClient(kms);
  beforeEach(() => mock.reset());
  const deps = { kms, aliasPrefix: 'alias/steward/eu/tenant/', pendingWindowDays: 7 };

  test('disables the key at once, then schedules deletion with the configured window', async () => {
    mock
      .on(DescribeKeyCommand)
      .resolvesOnce({ KeyMetadata: { KeyId: 'k1', Arn: 'arn:k1', KeyState: 'Enabled' } })
      .resolves({
        KeyMetadata: { KeyId: 'k1', Arn: 'arn:k1', KeyState: 'PendingDeletion', DeletionDate: new Date('2026-12-03T00:00:00Z') },
      });
    const result = await shredTenantKey(deps, { tenantId: 'acme', dryRun: false });
    expect(mock.commandCalls(DescribeKeyCommand)[0].args[0].input.KeyId).toBe('alias/steward/eu/tenant/acme');
    expect(mock.commandCalls(DisableKeyCommand)).toHaveLength(1);
    expect(mock.commandCalls(ScheduleKeyDeletionCommand)[0].args[0].input).toEqual({ KeyId: 'k1', PendingWindowInDays: 7 });
    expect(result).toMatchObject({ keyState: 'PendingDeletion', deletionDate: '2026-12-03T00:00:00.000Z' });
  });

  test('is a no-op on a key already pending deletion, and on a tenant without a key', async () => {
    mock.on(DescribeKeyCommand).resolvesOnce({ KeyMetadata: { KeyId: 'k1', KeyState: 'PendingDeletion' } });
    await expect(shredTenantKey(deps, { tenantId: 'acme', dryRun: false })).resolves.toMatchObject({ keyState: 'PendingDeletion' });
    mock.on(DescribeKeyCommand).rejects(Object.assign(new Error('no'), { name: 'NotFoundException' }));
    await expect(shredTenantKey(deps, { tenantId: 'acme', dryRun: false })).resolves.toMatchObject({ keyState: 'absent' });
    expect(mock.commandCalls(DisableKeyCommand)).toHaveLength(0);
  });

  test('refuses a deletion window outside 7..30 days', async () => {
    await expect(shredTenantKey({ ...deps, pendingWindowDays: 3 }, { tenantId: 'acme', dryRun: false })).rejects.toThrow(
      /^pendingWindowDays: 3/,
    );
  });
});

describe('purge-bucket', () => {
  test('refuses a bucket that is not in the catalog, naming the target', async () => {
    const s3 = new S3Client({ region: 'eu-central-1' });
    const mock = mockClient(s3);
    const kms = new KMSClient({ region: 'eu-central-1' });
    const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/k';
    const kmsMock = mockClient(kms);
    await expect(
      purgeBucketStep({ s3: () => s3, catalog, maxPages: 1, sealer: kmsEnvelopeSealer(kms, KEY), log: silentLogger }, {
        tenantId: 'acme',
        dryRun: false,
        target: { bucket: 'someone-elses', region: 'eu-central-1', dataClass: 'x' },
        shard: { sealed: 'v1.x' },
      }),
    ).rejects.toThrow(/^target: bucket "someone-elses"/);
    expect(mock.calls()).toHaveLength(0);
    expect(kmsMock.calls()).toHaveLength(0);
  });
});

describe('purge-table', () => {
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
  const mock = mockClient(ddb);
  beforeEach(() => mock.reset());

  test('deletes the partition in batches of 25 by key, and is done when the partition is empty', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ tenantId: 'acme', deviceId: `d${i}` }));
    mock.on(QueryCommand).resolvesOnce({ Items: items }).resolves({ Items: [] });
    mock.on(BatchWriteCommand).resolves({});
    const state = await purgeTableStep(
      { ddb: () => ddb, catalog, maxItems: 1000, log: silentLogger },
      { tenantId: 'acme', dryRun: false, target: catalog.tables[0] },
    );
    expect(state).toMatchObject({ done: true, totals: { deletedItems: 30 } });
    const batches = mock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems!.devices.length);
    expect(batches).toEqual([25, 5]);
    expect(mock.commandCalls(QueryCommand)[0].args[0].input).toMatchObject({
      ConsistentRead: true,
      ExpressionAttributeValues: { ':t': 'acme' },
    });
  });

  test('stops at maxItems and reports not done, so the state machine calls again', async () => {
    mock.on(QueryCommand).resolves({ Items: Array.from({ length: 10 }, (_, i) => ({ tenantId: 'acme', deviceId: `d${i}` })) });
    mock.on(BatchWriteCommand).resolves({});
    const state = await purgeTableStep(
      { ddb: () => ddb, catalog, maxItems: 10, log: silentLogger },
      { tenantId: 'acme', dryRun: false, target: catalog.tables[0] },
    );
    expect(state).toMatchObject({ done: false, invocations: 1, totals: { deletedItems: 10 } });
  });

  test('refuses to delete when a query returns an item of another tenant', async () => {
    mock.on(QueryCommand).resolves({ Items: [{ tenantId: 'acme-2', deviceId: 'd' }] });
    await expect(
      purgeTableStep(
        { ddb: () => ddb, catalog, maxItems: 10, log: silentLogger },
        { tenantId: 'acme', dryRun: false, target: catalog.tables[0] },
      ),
    )
      .rejects.toThrow(/another tenant/);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  test('resubmits unprocessed items with backoff until none remain', async () => {
    const key = { tenantId: 'acme', deviceId: 'd1' };
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { devices: [{ DeleteRequest: { Key: key } }] } })
      .resolves({});
    await batchDelete(ddb, 'devices', [key, { tenantId: 'acme', deviceId: 'd2' }], noWait);
    const calls = mock.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input.RequestItems!.devices).toEqual([{ DeleteRequest: { Key: key } }]);
  });

  test('gives up with a named error when items stay unprocessed', async () => {
    mock
      .on(BatchWriteCommand)
      .resolves({ UnprocessedItems: { devices: [{ DeleteRequest: { Key: { tenantId: 'acme', deviceId: 'd1' } } }] } });
    await expect(batchDelete(ddb, 'devices', [{ tenantId: 'acme', deviceId: 'd1' }], { ...noWait, attempts: 3 })).rejects.toMatchObject({
      name: 'UnprocessedItemsError',
    });
  });
});

describe('delete-users', () => {
  const cognito = new CognitoIdentityProviderClient({ region: 'eu-central-1' });
  const mock = mockClient(cognito);
  beforeEach(() => mock.reset());
  const deps = { cognito: () => cognito, catalog, maxUsers: 100, log: silentLogger };

  const tenantUser = (Username: string, tenantId?: string) => ({
    Username, Attributes: tenantId ? [{ Name: 'custom:tenantId', Value: tenantId }] : [],
  });

  test('deletes the tenant group members, then the group; a user already gone is fine', async () => {
    mock.on(ListUsersInGroupCommand).resolvesOnce({ Users: [{ Username: 'a' }, { Username: 'b' }] }).resolves({ Users: [] });
    mock.on(ListUsersCommand).resolves({ Users: [] });
    mock.on(AdminDeleteUserCommand, { Username: 'b' }).rejects(Object.assign(new Error('gone'), { name: 'UserNotFoundException' }));
    mock.on(AdminDeleteUserCommand, { Username: 'a' }).resolves({});
    mock.on(DeleteGroupCommand).resolves({});
    const state = await deleteUsersStep(deps, { tenantId: 'acme', dryRun: false, target: catalog.userPools[0] });
    expect(state).toMatchObject({ done: true, totals: { deletedUsers: 2, groupDeleted: true } });
    expect(mock.commandCalls(ListUsersInGroupCommand)[0].args[0].input.GroupName).toBe('tenant-acme');
    expect(JSON.stringify(state)).not.toMatch(/"a"|"b"/);
  });

  test('deletes every user whose custom:tenantId names the tenant, in no group at all, and walks until a walk finds none', async () => {
    mock.on(ListUsersInGroupCommand).rejects(Object.assign(new Error('no group'), { name: 'ResourceNotFoundException' }));
    mock.on(ListUsersCommand)
      .resolvesOnce({ Users: [tenantUser('a', 'acme'), tenantUser('n', 'acme-2')], PaginationToken: 't1' })
      .resolvesOnce({ Users: [tenantUser('b', 'acme')] })
      .resolves({ Users: [tenantUser('n', 'acme-2')] });
    mock.on(AdminDeleteUserCommand).resolves({});
    const state = await deleteUsersStep(deps, { tenantId: 'acme', dryRun: false, target: catalog.userPools[0] });
    expect(state).toMatchObject({ done: true, phase: 'pool', totals: { deletedUsers: 2, groupDeleted: false } });
    expect(mock.commandCalls(AdminDeleteUserCommand).map((c) => c.args[0].input.Username)).toEqual(['a', 'b']);
    // Two walks: the first deleted someone, the second proved nobody of acme is left.
    expect(mock.commandCalls(ListUsersCommand)).toHaveLength(3);
    expect(mock.commandCalls(ListUsersCommand)[0].args[0].input).toMatchObject({ AttributesToGet: ['custom:tenantId'] });
  });

  test('a bounded slice returns the walk checkpoint and resumes from it', async () => {
    mock.on(ListUsersInGroupCommand).resolves({ Users: [] });
    mock.on(DeleteGroupCommand).resolves({});
    mock.on(ListUsersCommand, { PaginationToken: undefined }).resolves({ Users: [tenantUser('n', 'acme-2')], PaginationToken: 't1' });
    mock.on(ListUsersCommand, { PaginationToken: 't1' }).resolves({ Users: [tenantUser('n2', 'acme-2')] });
    const first = await deleteUsersStep({ ...deps, maxUsers: 1 }, { tenantId: 'acme', dryRun: false, target: catalog.userPools[0] });
    expect(first).toMatchObject({ done: false, phase: 'pool', token: 't1' });
    const second = await deleteUsersStep({ ...deps, maxUsers: 1 }, first);
    expect(second).toMatchObject({ done: true, invocations: 2 });
  });
});

describe('verify: portal users', () => {
  const cognito = new CognitoIdentityProviderClient({ region: 'eu-central-1' });
  const mock = mockClient(cognito);
  beforeEach(() => mock.reset());

  test('counts users by their attribute, whatever the group says, and reports users carrying no tenant', async () => {
    mock.on(ListUsersInGroupCommand).rejects(Object.assign(new Error('no group'), { name: 'ResourceNotFoundException' }));
    mock.on(ListUsersCommand).resolves({ Users: [
      { Username: 'a', Attributes: [{ Name: 'custom:tenantId', Value: 'acme' }] },
      { Username: 'x', Attributes: [] },
      { Username: 'm', Attributes: [{ Name: 'custom:tenantId', Value: 'ACME ' }] },
      { Username: 'n', Attributes: [{ Name: 'custom:tenantId', Value: 'acme-2' }] },
    ] });
    await expect(countTenantUsers(cognito, 'pool', 'acme')).resolves.toEqual({ users: 1, groupMembers: 0, unattributedUsers: 2 });
  });
});

describe('termination trigger', () => {
  const sfn = new SFNClient({ region: 'eu-central-1' });
  const mock = mockClient(sfn);
  beforeEach(() => mock.reset());
  const deps = { sfn, stateMachineArn: 'arn:sm', log: silentLogger };
  const record = (tenantId: string, status: string, eventName = 'MODIFY') => ({
    eventName,
    dynamodb: { NewImage: { tenantId: { S: tenantId }, status: { S: status } } },
  });

  test('starts one execution per terminated tenant under an idempotent name', async () => {
    mock.on(StartExecutionCommand).resolves({});
    expect(await startTermination(deps, record('acme', 'terminated'))).toBe('acme');
    expect(await startTermination(deps, record('beta', 'active'))).toBeUndefined();
    expect(mock.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(mock.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({
      stateMachineArn: 'arn:sm',
      name: 'terminate-acme',
      input: '{"tenantId":"acme"}',
    });
  });

  test('a repeated record finds the execution already started and is fine', async () => {
    mock.on(StartExecutionCommand).rejects(Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' }));
    await expect(startTermination(deps, record('acme', 'terminated'))).resolves.toBe('acme');
  });

  test('a record with a malformed tenant id is skipped, never started', async () => {
    await expect(startTermination(deps, record('../x', 'terminated'))).resolves.toBeUndefined();
    expect(mock.calls()).toHaveLength(0);
    expect(() => terminationExecutionName('Acme')).toThrow(/^tenantId: /);
  });
});
