import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

// Class-level mocks reach the clients the adapter creates when it is loaded.
const ddb = mockClient(DynamoDBDocumentClient);
const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);
Object.assign(process.env, {
  REGISTRY_TABLE: 'registry',
  GRANTS_TABLE: 'grants',
  SUPPORT_ROLE_ARN: 'arn:aws:iam::111122223333:role/support',
  TENANT_SESSION_ROLE_ARN: 'arn:aws:iam::111122223333:role/broker-session',
  MAX_SESSION_MINUTES: '15',
  AUDIT_BUCKET: 'audit',
  AWS_REGION: 'eu-central-1',
});
const { handler } =
  require('../../../lambda/support-access-broker/handler') as typeof import('../../../lambda/support-access-broker/handler');

const signed = (body: unknown) => ({
  body: JSON.stringify(body),
  requestContext: { authorizer: { iam: { userArn: 'arn:aws:sts::111122223333:assumed-role/Support/jane' } } },
});

beforeEach(() => {
  for (const m of [ddb, sts, s3]) m.reset();
  s3.on(PutObjectCommand).resolves({});
  ddb.on(GetCommand).resolves({ Item: { tenantId: 'acme', status: 'active' } });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S', SessionToken: 'T', Expiration: new Date(Date.now() + 900_000) },
  });
});

describe('the broker URL adapter', () => {
  test('answers 200 with a session while a grant is active', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ tenantId: 'acme', grantId: 'g1', expiresAt: Math.floor(Date.now() / 1000) + 3600 }] });
    const res = await handler(signed({ tenantId: 'acme', ticket: 'SUP-1' }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).credentials.sessionToken).toBe('T');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('answers 403 naming the grant when there is none, 400 naming the field for bad input', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const refused = await handler(signed({ tenantId: 'acme', ticket: 'SUP-1' }));
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body).field).toBe('grant');
    const bad = await handler(signed({ tenantId: 'ACME!', ticket: 'SUP-1' }));
    expect([bad.statusCode, JSON.parse(bad.body).field]).toEqual([400, 'tenantId']);
    expect((await handler({ body: 'not json', requestContext: signed({}).requestContext })).statusCode).toBe(400);
    expect(sts.calls()).toHaveLength(0);
  });

  test('answers 403 to a request without an IAM identity', async () => {
    expect((await handler({ body: JSON.stringify({ tenantId: 'acme', ticket: 'SUP-1' }) })).statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});
