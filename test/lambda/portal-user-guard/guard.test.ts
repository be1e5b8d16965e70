import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { admitPortalUser } from '../../../lambda/portal-user-guard/guard';

/** Issue 10, point 1: no portal user exists, or gets tokens, without the id of a live tenant. */
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const mock = mockClient(ddb);
const deps = { ddb, registryTable: 'tenant-registry' };
const registry: Record<string, Record<string, unknown>> = {
  acme: { tenantId: 'acme', status: 'active' },
  gone: { tenantId: 'gone', status: 'terminated' },
  ending: { tenantId: 'ending', status: 'terminating' },
  buried: { tenantId: 'buried', status: 'tombstone' },
};
beforeEach(() => {
  mock.reset();
  mock.on(GetCommand).callsFake((input: { Key: { tenantId: string } }) => ({ Item: registry[input.Key.tenantId] }));
});
const event = (triggerSource: string, tenantId?: string) => ({
  triggerSource, userPoolId: 'eu-central-1_pool',
  request: { userAttributes: { email: 'someone@acme.example', ...(tenantId === undefined ? {} : { 'custom:tenantId': tenantId }) } },
});
const SOURCES = ['PreSignUp_SignUp', 'PreSignUp_AdminCreateUser', 'PreSignUp_ExternalProvider', 'TokenGeneration_Authentication',
  'TokenGeneration_RefreshTokens', 'TokenGeneration_HostedAuth', 'TokenGeneration_NewPasswordChallenge'];

describe('portal user guard', () => {
  test.each(SOURCES)('%s: admits a user of an active tenant, reading the registry consistently', async (source) => {
    await expect(admitPortalUser(deps, event(source, 'acme'))).resolves.toBeUndefined();
    expect(mock.commandCalls(GetCommand)[0].args[0].input)
      .toEqual({ TableName: 'tenant-registry', Key: { tenantId: 'acme' }, ConsistentRead: true });
  });

  test.each([
    [undefined, /^custom:tenantId: a tenant id is required/],
    ['', /^custom:tenantId: a tenant id is required/],
    ['ACME', /^custom:tenantId: 'ACME' is not a tenant id/],
    ['../acme', /^custom:tenantId: '..\/acme' is not a tenant id/],
    ['nobody', /^custom:tenantId: no tenant 'nobody' in the tenant registry/],
    ['gone', /^custom:tenantId: tenant 'gone' is terminated/],
    ['ending', /^custom:tenantId: tenant 'ending' is terminating/],
    ['buried', /^custom:tenantId: tenant 'buried' is tombstone/],
  ])('refuses tenant id %j at sign-up, creation and token issue alike', async (tenantId, message) => {
    for (const source of SOURCES) await expect(admitPortalUser(deps, event(source, tenantId))).rejects.toThrow(message);
  });

  test('refuses a trigger it does not guard instead of admitting it silently', async () => {
    await expect(admitPortalUser(deps, event('PostConfirmation_ConfirmSignUp', 'acme'))).rejects.toThrow(/^triggerSource: 'PostConfirmation_ConfirmSignUp'/);
  });

  test('names the attribute and the tenant, never the user', async () => {
    const err = await admitPortalUser(deps, event('PreSignUp_AdminCreateUser', 'gone')).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toMatch(/someone|@/);
  });
});
