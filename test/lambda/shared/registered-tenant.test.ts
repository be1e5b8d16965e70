import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { getRegisteredTenant } from '../../../lambda/shared/registered-tenant';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const mock = mockClient(ddb);
beforeEach(() => mock.reset());

describe('getRegisteredTenant', () => {
  test.each([
    ['a string set', new Set(['config-backups'])],
    ['a list', ['config-backups']],
    ['a map of flags', { 'config-backups': true, 'provisioning-templates': false }],
  ])('reads opt-ins stored as %s', async (_shape, optIns) => {
    mock.on(GetCommand).resolves({ Item: { tenantId: 'acme', optIns } });
    const tenant = await getRegisteredTenant(ddb, 'registry', 'acme');
    expect([...tenant.optIns]).toEqual(['config-backups']);
    expect(tenant.status).toBe('active');
  });

  test('refuses a malformed id without reading the registry', async () => {
    await expect(getRegisteredTenant(ddb, 'registry', 'acme/../x')).rejects.toThrow(/^tenantId: /);
    expect(mock.calls()).toHaveLength(0);
  });

  test.each([
    [undefined, /^tenantId: no tenant 'acme' in the tenant registry; nothing changed$/],
    [{ tenantId: 'acme', status: 'terminating' }, /^tenantId: tenant 'acme' is terminating; nothing changed$/],
  ])('refuses an unknown or closing tenant', async (Item, message) => {
    mock.on(GetCommand).resolves({ Item });
    await expect(getRegisteredTenant(ddb, 'registry', 'acme')).rejects.toThrow(message);
  });
});
