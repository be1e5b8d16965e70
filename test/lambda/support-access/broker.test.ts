import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { brokerSupportSession, ConsentRequiredError, sourceIdentityOf } from '../../../lambda/support-access-broker/core';
import { memoryAudit } from '../data-rights/fixtures';
import { TAG } from '../../../lib/vocabulary';

const NOW = new Date('2026-11-26T08:00:00Z');
const epoch = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const sts = new STSClient({ region: 'eu-central-1' });
const ddbMock = mockClient(ddb);
const stsMock = mockClient(sts);
const caller = 'arn:aws:sts::111122223333:assumed-role/SupportEngineers/jane.doe';

function deps(audit = memoryAudit()) {
  return {
    ddb,
    sts,
    audit,
    registryTable: 'registry',
    grantsTable: 'grants',
    supportRoleArn: 'arn:aws:iam::111122223333:role/support',
    maxSessionMinutes: 30,
    now: () => NOW,
  };
}

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(GetCommand).resolves({ Item: { tenantId: 'acme', status: 'active' } });
  stsMock.reset();
  stsMock.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2026-11-26T08:30:00Z') },
  });
});

describe('the support-access broker (P-SUPPORT-CONSENT)', () => {
  test('with an active grant, assumes the support role tagged with the tenant, for at most maxSessionMinutes', async () => {
    ddbMock
      .on(QueryCommand)
      .resolves({ Items: [{ tenantId: 'acme', grantId: 'g1', grantedAt: '', expiresAt: epoch('2026-11-26T20:00:00Z') }] });
    const audit = memoryAudit();
    const session = await brokerSupportSession(deps(audit), { tenantId: 'acme', ticket: 'SUP-1234', callerArn: caller });

    const input = stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(input).toMatchObject({
      RoleArn: 'arn:aws:iam::111122223333:role/support',
      Tags: [{ Key: TAG.tenant, Value: 'acme' }],
      DurationSeconds: 1800,
      SourceIdentity: 'jane.doe',
    });
    expect(JSON.parse(input.Policy!).Statement[0].Condition).toEqual({ DateLessThan: { 'aws:CurrentTime': '2026-11-26T20:00:00.000Z' } });
    expect(session).toMatchObject({ tenantId: 'acme', grantId: 'g1', grantExpiresAt: '2026-11-26T20:00:00.000Z' });
    expect(audit.records).toEqual([
      expect.objectContaining({ operation: 'support-access', outcome: 'granted', actor: caller, tenantId: 'acme' }),
    ]);
  });

  test('a grant ending in 5 minutes gets the 15-minute STS minimum, cut at the grant end by the session policy', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ tenantId: 'acme', grantId: 'g1', expiresAt: epoch('2026-11-26T08:05:00Z') }] });
    await brokerSupportSession(deps(), { tenantId: 'acme', ticket: 'SUP-1', callerArn: caller });
    const input = stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(input.DurationSeconds).toBe(900);
    expect(input.Policy).toContain('2026-11-26T08:05:00.000Z');
  });

  test.each([
    ['no grant', [], /^grant: tenant 'acme' has not granted support access; no access$/],
    [
      'an expired grant',
      [{ tenantId: 'acme', grantId: 'g0', expiresAt: epoch('2026-11-26T07:59:59Z') }],
      /^grant: tenant 'acme''s grant expired at 2026-11-26T07:59:59.000Z/,
    ],
    [
      'a revoked grant',
      [{ tenantId: 'acme', grantId: 'g0', expiresAt: epoch('2026-11-26T09:00:00Z'), revokedAt: '2026-11-26T07:00:00Z' }],
      /revoked its grant/,
    ],
  ])('with %s, refuses, assumes nothing and audits the refusal', async (_case, items, message) => {
    ddbMock.on(QueryCommand).resolves({ Items: items });
    const audit = memoryAudit();
    const refused = brokerSupportSession(deps(audit), { tenantId: 'acme', ticket: 'SUP-1', callerArn: caller });
    await expect(refused).rejects.toThrow(ConsentRequiredError);
    await expect(refused).rejects.toThrow(message);
    expect(stsMock.calls()).toHaveLength(0);
    expect(audit.records).toEqual([expect.objectContaining({ operation: 'support-access', outcome: 'refused', actor: caller })]);
  });

  test.each([
    [{ tenantId: 'Acme/..', ticket: 'SUP-1' }, /^tenantId: /],
    [{ tenantId: 'acme', ticket: 'please let me in' }, /^ticket: /],
  ])('refuses bad input %j before reading anything', async (body, message) => {
    await expect(brokerSupportSession(deps(), { ...body, callerArn: caller })).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
    expect(stsMock.calls()).toHaveLength(0);
  });

  test('names the caller for CloudTrail from its session or user name', () => {
    expect(sourceIdentityOf('arn:aws:iam::111122223333:user/ops/bob')).toBe('bob');
    expect(sourceIdentityOf(caller)).toBe('jane.doe');
    expect(() => sourceIdentityOf('x')).toThrow(/^callerArn: /);
  });

  test.each(['terminating', 'terminated'])(
    'refuses a new session for a tenant that is %s, whatever its grants, and audits it',
    async (status) => {
      ddbMock.on(GetCommand).resolves({ Item: { tenantId: 'acme', status } });
      ddbMock
        .on(QueryCommand)
        .resolves({ Items: [{ tenantId: 'acme', grantId: 'g1', grantedAt: '', expiresAt: epoch('2026-11-26T20:00:00Z') }] });
      const audit = memoryAudit();
      await expect(brokerSupportSession(deps(audit), { tenantId: 'acme', ticket: 'SUP-1', callerArn: caller })).rejects.toThrow(
        new RegExp(`^tenantId: tenant 'acme' is ${status}; no access$`),
      );
      expect(stsMock.calls()).toHaveLength(0);
      expect(audit.records.map((r) => r.outcome)).toEqual(['refused']);
    },
  );
});
