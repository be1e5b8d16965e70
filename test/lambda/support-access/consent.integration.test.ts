import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { brokerSupportSession, ConsentRequiredError } from '../../../lambda/support-access-broker/core';
import { handleConsent } from '../../../lambda/support-consent/core';
import { GateCapacityError, iamSupportGates } from '../../../lambda/support-consent/gates';
import { gateName } from '../../../lambda/shared/support-gate';
import { useMoto } from '../../support/moto';
import { createTenantTable, documentClient, memoryAudit, registerTenants } from '../data-rights/fixtures';
import { TAG } from '../../../lib/vocabulary';

const moto = useMoto();
let ddb: DynamoDBClient;
let sts: STSClient;
let iam: IAMClient;
let clock: Date;

beforeAll(async () => {
  ddb = new DynamoDBClient(moto.clientConfig());
  sts = new STSClient(moto.clientConfig());
  iam = new IAMClient(moto.clientConfig());
});
afterAll(async () => {
  ddb?.destroy();
  sts?.destroy();
  iam?.destroy();
});
beforeEach(async () => {
  await moto.reset();
  clock = new Date('2026-11-26T08:00:00Z');
  await createTenantTable(ddb, 'registry');
  await createTenantTable(ddb, 'grants', 'grantId');
  await registerTenants(documentClient(ddb), 'registry', [
    { tenantId: 'acme', status: 'active' },
    { tenantId: 'gone', status: 'terminated' },
  ]);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [] });
  await iam.send(new CreateRoleCommand({ RoleName: 'support', AssumeRolePolicyDocument: trust }));
});

function consentDeps(audit = memoryAudit()) {
  return {
    ddb: documentClient(ddb), registryTable: 'registry', grantsTable: 'grants', maxGrantHours: 24, audit, now: () => clock,
    gates: iamSupportGates(iam, 'support'),
  };
}
/** The support role's inline policies: the grants IAM enforces. */
async function gates(): Promise<string[]> {
  return ((await iam.send(new ListRolePoliciesCommand({ RoleName: 'support' }))).PolicyNames ?? []).sort();
}
function brokerDeps(audit = memoryAudit()) {
  return {
    ddb: documentClient(ddb),
    sts,
    registryTable: 'registry',
    grantsTable: 'grants',
    supportRoleArn: 'arn:aws:iam::123456789012:role/support',
    maxSessionMinutes: 15,
    audit,
    now: () => clock,
  };
}
const engineer = { ticket: 'SUP-7', callerArn: 'arn:aws:sts::123456789012:assumed-role/Support/jane' };

describe('support consent and broker on a real DynamoDB and STS API (moto)', () => {
  test('off by default, on while granted, off after revoke and after expiry; every step audited', async () => {
    const audit = memoryAudit();
    await expect(brokerSupportSession(brokerDeps(audit), { tenantId: 'acme', ...engineer })).rejects.toThrow(ConsentRequiredError);

    const granted = await handleConsent(consentDeps(audit), { action: 'grant', tenantId: 'acme', hours: 2, requestId: 'grant-req-1' });
    expect(granted.activeGrants).toEqual([{ grantId: expect.any(String), expiresAt: '2026-11-26T10:00:00.000Z' }]);
    const session = await brokerSupportSession(brokerDeps(audit), { tenantId: 'acme', ...engineer });
    expect(session.credentials.sessionToken).toEqual(expect.any(String));

    const revoked = await handleConsent(consentDeps(audit), { action: 'revoke', tenantId: 'acme' });
    expect(revoked).toMatchObject({ revoked: 1, activeGrants: [] });
    await expect(brokerSupportSession(brokerDeps(audit), { tenantId: 'acme', ...engineer })).rejects.toThrow(/revoked/);

    clock = new Date('2026-11-26T08:10:00Z');
    await handleConsent(consentDeps(audit), { action: 'grant', tenantId: 'acme', hours: 1, requestId: 'grant-req-2' });
    clock = new Date('2026-11-26T09:10:01Z');
    await expect(brokerSupportSession(brokerDeps(audit), { tenantId: 'acme', ...engineer })).rejects.toThrow(/expired/);
    expect((await handleConsent(consentDeps(audit), { action: 'status', tenantId: 'acme' })).activeGrants).toEqual([]);

    expect(audit.records.map((r) => `${r.operation}:${r.outcome}`)).toEqual([
      'support-access:refused', 'support-grant:granted', 'support-access:granted', 'support-revoke:revoked',
      'support-access:refused', 'support-grant:granted', 'support-access:refused',
    ]);
  });

  test('two concurrent revokes both succeed and leave no active grant and no gate', async () => {
    await handleConsent(consentDeps(), { action: 'grant', tenantId: 'acme', hours: 2, requestId: 'grant-req-6' });
    expect(await gates()).toHaveLength(1);
    const [a, b] = await Promise.all([
      handleConsent(consentDeps(), { action: 'revoke', tenantId: 'acme' }),
      handleConsent(consentDeps(), { action: 'revoke', tenantId: 'acme' }),
    ]);
    expect(a.activeGrants).toEqual([]);
    expect(b.activeGrants).toEqual([]);
    // Between them they deleted the one gate; the other found it gone and succeeded too.
    expect((a.gatesClosed ?? 0) + (b.gatesClosed ?? 0)).toBe(1);
    expect(await gates()).toEqual([]);
    expect((await handleConsent(consentDeps(), { action: 'status', tenantId: 'acme' })).activeGrants).toEqual([]);
  });

  test('a grant opens one gate on the support role for that tenant, from its start to its end; revoke closes it', async () => {
    const granted = await handleConsent(consentDeps(), { action: 'grant', tenantId: 'acme', hours: 2, requestId: 'grant-req-7' });
    const [name] = await gates();
    const expiresAt = Date.parse(granted.activeGrants[0].expiresAt) / 1000;
    expect(name).toBe(gateName({ tenantId: 'acme', grantId: 'grant-req-7', expiresAt }));
    const stored = await iam.send(new GetRolePolicyCommand({ RoleName: 'support', PolicyName: name }));
    const doc = JSON.parse(decodeURIComponent(stored.PolicyDocument ?? ''));
    expect(doc.Statement[0].Condition).toEqual({
      StringEquals: { [`aws:PrincipalTag/${TAG.tenant}`]: 'acme' },
      DateGreaterThanEquals: { 'aws:TokenIssueTime': '2026-11-26T08:00:00Z' },
      DateLessThan: { 'aws:CurrentTime': '2026-11-26T10:00:00Z' },
    });
    // A retry of the same grant rewrites the same gate.
    await handleConsent(consentDeps(), { action: 'grant', tenantId: 'acme', hours: 2, requestId: 'grant-req-7' });
    expect(await gates()).toEqual([name]);
    const revoked = await handleConsent(consentDeps(), { action: 'revoke', tenantId: 'acme' });
    expect(revoked).toMatchObject({ revoked: 1, gatesClosed: 1 });
    expect(await gates()).toEqual([]);
    // A retry of a revoked grant opens nothing again.
    await handleConsent(consentDeps(), { action: 'grant', tenantId: 'acme', hours: 2, requestId: 'grant-req-7' });
    expect(await gates()).toEqual([]);
  });

  test('a revoke closes gates the table no longer knows (its table write failed) and leaves other tenants\' gates', async () => {
    await registerTenants(documentClient(ddb), 'registry', [{ tenantId: 'globex', status: 'active' }]);
    await handleConsent(consentDeps(), { action: 'grant', tenantId: 'globex', hours: 2, requestId: 'grant-req-8' });
    const orphan = { tenantId: 'acme', grantId: 'lost-write', grantedAt: clock.toISOString(), expiresAt: clock.getTime() / 1000 + 3600 };
    await iamSupportGates(iam, 'support').open(orphan);
    expect(await gates()).toHaveLength(2);
    await handleConsent(consentDeps(), { action: 'revoke', tenantId: 'acme' });
    expect(await gates()).toEqual([gateName({ tenantId: 'globex', grantId: 'grant-req-8', expiresAt: clock.getTime() / 1000 + 7200 })]);
  });

  test('a grant the support role has no room for is refused whole: no grant stored, nothing audited', async () => {
    const full = new IAMClient(moto.clientConfig());
    full.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'PutRolePolicyCommand') {
        throw Object.assign(new Error('Maximum policy size of 10240 bytes exceeded'), { name: 'LimitExceededException' });
      }
      return next(args);
    }, { step: 'initialize' });
    const audit = memoryAudit();
    const request = { action: 'grant', tenantId: 'acme', hours: 1, requestId: 'grant-req-12' };
    const deps = { ...consentDeps(audit), gates: iamSupportGates(full, 'support') };
    await expect(handleConsent(deps, request)).rejects.toThrow(GateCapacityError);
    full.destroy();
    expect((await handleConsent(consentDeps(), { action: 'status', tenantId: 'acme' })).activeGrants).toEqual([]);
    expect(audit.records).toEqual([]);
    expect(await gates()).toEqual([]);
  });

  test('a grant prunes expired gates, and a tenant being terminated can still revoke', async () => {
    await handleConsent(consentDeps(), { action: 'grant', tenantId: 'acme', hours: 1, requestId: 'grant-req-10' });
    clock = new Date('2026-11-26T09:00:00Z');
    await handleConsent(consentDeps(), { action: 'grant', tenantId: 'acme', hours: 1, requestId: 'grant-req-11' });
    expect(await gates()).toEqual([gateName({ tenantId: 'acme', grantId: 'grant-req-11', expiresAt: clock.getTime() / 1000 + 3600 })]);
    const beforeTermination = {
      tenantId: 'gone', grantId: 'before-termination', grantedAt: clock.toISOString(), expiresAt: clock.getTime() / 1000 + 60,
    };
    await iamSupportGates(iam, 'support').open(beforeTermination);
    await expect(handleConsent(consentDeps(), { action: 'revoke', tenantId: 'gone' })).resolves.toMatchObject({ gatesClosed: 1 });
  });

  test('a retried grant (same requestId) stores one grant and one audit record, and answers the same grant', async () => {
    const records = new Map<string, unknown>();
    // The sink keyed as the S3 sink keys it: an idempotency key is one object, rewritten.
    const audit = Object.assign(async (r: { idempotencyKey?: string }) => {
      const key = r.idempotencyKey ?? `random-${records.size}`;
      records.set(key, r);
      return key;
    }, { records: [] });
    const first = await handleConsent(consentDeps(audit as never), {
      action: 'grant',
      tenantId: 'acme',
      hours: 2,
      requestId: 'grant-req-5',
    });
    clock = new Date('2026-11-26T08:05:00Z');
    const retry = await handleConsent(consentDeps(audit as never), {
      action: 'grant',
      tenantId: 'acme',
      hours: 2,
      requestId: 'grant-req-5',
    });
    expect(retry.activeGrants).toEqual(first.activeGrants);
    expect(retry.auditKey).toBe(first.auditKey);
    expect(records.size).toBe(1);
    const stored = await documentClient(ddb).send(
      new QueryCommand({ TableName: 'grants', KeyConditionExpression: 'tenantId = :t', ExpressionAttributeValues: { ':t': 'acme' } }),
    );
    expect(stored.Items).toHaveLength(1);
  });

  test.each([
    [
      { action: 'grant', tenantId: 'acme', requestId: 'grant-req-9', hours: 25 },
      /^hours: must be a whole number of hours in 1\.\.24, got 25$/,
    ],
    [{ action: 'grant', tenantId: 'acme', requestId: 'grant-req-9', hours: 0 }, /^hours: /],
    [{ action: 'grant', tenantId: 'nobody', hours: 1, requestId: 'grant-req-9' }, /^tenantId: no tenant 'nobody' in the tenant registry/],
    [{ action: 'grant', tenantId: 'gone', hours: 1, requestId: 'grant-req-9' }, /^tenantId: tenant 'gone' is terminated/],
    [{ action: 'extend', tenantId: 'acme' }, /^action: must be one of grant, revoke, status/],
    [{ action: 'grant', tenantId: 'acme', hours: 1 }, /^requestId: must be the caller's id of this request/],
  ])('refuses %j naming the field and stores no grant', async (request, message) => {
    const audit = memoryAudit();
    await expect(handleConsent(consentDeps(audit), request)).rejects.toThrow(message);
    expect((await handleConsent(consentDeps(), { action: 'status', tenantId: 'acme' })).activeGrants).toEqual([]);
    expect(audit.records).toEqual([]);
  });
});
