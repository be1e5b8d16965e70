import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { silentLogger } from '../../../lambda/shared/logger';
import { onboardTenant, type OnboardingDeps } from '../../../lambda/tenant-onboarding/onboard';
import { useMoto } from '../../support/moto';
import { createTenantTable } from '../../support/dynamodb-fixtures';
import { TAG } from '../../../lib/vocabulary';

const moto = useMoto();
let deps: OnboardingDeps;
let kms: KMSClient;
let ddb: DynamoDBDocumentClient;

beforeAll(async () => {
  kms = new KMSClient(moto.clientConfig());
  ddb = DynamoDBDocumentClient.from(new DynamoDBClient(moto.clientConfig()));
});
afterAll(async () => {
  kms?.destroy();
  ddb?.destroy();
});
beforeEach(async () => {
  await moto.reset();
  await createTenantTable(new DynamoDBClient(moto.clientConfig()), 'registry');
  deps = {
    kms, ddb, registryTable: 'registry', aliasPrefix: 'alias/steward/eu/tenant/', appName: 'steward', jurisdictionId: 'eu',
    partition: 'aws', accountId: '123456789012', region: 'eu-central-1',
    platformRoleArnPattern: 'arn:aws:iam::123456789012:role/steward-eu-*',
    keyAdministratorArn: 'arn:aws:iam::123456789012:role/steward-eu-tenant-lifecycle-OnboardingRole', log: silentLogger,
  };
});

describe('tenant onboarding against moto', () => {
  test('creates a tagged tenant key under the tenant alias, scoped to the tenant context, and an active registry entry', async () => {
    const result = await onboardTenant(deps, { tenantId: 'acme', optIns: ['config-backups'] });
    expect(result).toMatchObject({ tenantId: 'acme', status: 'active', created: true, optIns: ['config-backups'] });

    const byAlias = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/steward/eu/tenant/acme' }));
    expect(byAlias.KeyMetadata?.Arn).toBe(result.tenantKeyArn);
    const tags = await kms.send(new ListResourceTagsCommand({ KeyId: result.tenantKeyArn }));
    expect(tags.Tags).toEqual(expect.arrayContaining([{ TagKey: TAG.tenant, TagValue: 'acme' }]));
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: result.tenantKeyArn, PolicyName: 'default' }))).Policy!);
    const use = policy.Statement.find((s: { Sid: string }) => s.Sid === 'UseForThisTenantByPlatformRolesThroughS3');
    expect(use.Condition.StringEquals['kms:EncryptionContext:tenantId']).toBe('acme');

    const item = await ddb.send(new GetCommand({ TableName: 'registry', Key: { tenantId: 'acme' } }));
    expect(item.Item).toMatchObject({ tenantId: 'acme', status: 'active', tenantKeyArn: result.tenantKeyArn, optIns: ['config-backups'] });
  });

  test('re-onboarding returns the existing key and creates nothing', async () => {
    const first = await onboardTenant(deps, { tenantId: 'acme' });
    const again = await onboardTenant(deps, { tenantId: 'acme', optIns: ['config-backups'] });
    expect(again).toMatchObject({ tenantKeyArn: first.tenantKeyArn, created: false, optIns: [] });
  });

  test('a key left by a crash before the registry write is reused, not duplicated', async () => {
    const orphan = await kms.send(new CreateKeyCommand({ Description: 'left by a crashed attempt' }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/steward/eu/tenant/acme', TargetKeyId: orphan.KeyMetadata!.KeyId }));
    const result = await onboardTenant(deps, { tenantId: 'acme' });
    expect(result).toMatchObject({ created: true, tenantKeyArn: orphan.KeyMetadata!.Arn });
  });

  test('a terminated tenant is refused with an error naming tenantId', async () => {
    await onboardTenant(deps, { tenantId: 'acme' });
    await ddb.send(new UpdateCommand({
      TableName: 'registry', Key: { tenantId: 'acme' }, UpdateExpression: 'SET #s = :t',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':t': 'terminated' },
    }));
    await expect(onboardTenant(deps, { tenantId: 'acme' })).rejects.toThrow(/^tenantId: tenant id 'acme' belongs to a terminated tenant \(registry status 'terminated'\) and is never reused/);
  });

  test.each([
    [{ tenantId: '../x' }, /^tenantId: /],
    [{ tenantId: 'Acme' }, /^tenantId: /],
    [{ tenantId: 'acme', optIns: ['device-logs'] }, /^optIns\[0\]: "device-logs" is not an opt-in data class/],
    [{ tenantId: 'acme', optIns: 'config-backups' }, /^optIns: must be a list/],
  ])('bad input %j is refused and creates nothing', async (input, message) => {
    await expect(onboardTenant(deps, input)).rejects.toThrow(message);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'alias/steward/eu/tenant/acme' }))).rejects.toThrow();
  });
});
