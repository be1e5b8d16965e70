import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

// The class-level mock reaches the client the adapter creates when it is loaded.
const s3 = mockClient(S3Client);
// Quiet: the adapter's log lines are not what these tests read.
Object.assign(process.env, { AUDIT_BUCKET: 'audit', AWS_REGION: 'eu-central-1', POWERTOOLS_LOG_LEVEL: 'SILENT' });
const { handler } =
  require('../../../lambda/support-grant-expiry/handler') as typeof import('../../../lambda/support-grant-expiry/handler');

const removal = (tenantId: string, sequence: string) => ({
  eventName: 'REMOVE',
  userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
  dynamodb: {
    SequenceNumber: sequence,
    OldImage: { tenantId: { S: tenantId }, grantId: { S: `g-${sequence}` }, expiresAt: { N: '1795000000' } },
  },
});

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

describe('the grant expiry adapter (partial batch failures)', () => {
  test('a record naming no valid tenant is reported alone; the others are audited', async () => {
    const response = await handler({ Records: [removal('acme', '10'), removal('Not A Tenant', '11'), removal('beta', '12')] });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '11' }] });
    const audited = s3.commandCalls(PutObjectCommand).map((c) => JSON.parse(String(c.args[0].input.Body)));
    expect(audited.map((r) => [r.tenantId, r.details.grantId])).toEqual([['acme', 'g-10'], ['beta', 'g-12']]);
  });

  test('an audit write that fails is reported alone', async () => {
    s3.on(PutObjectCommand).resolvesOnce({}).rejectsOnce(new Error('write failed')).resolves({});
    const response = await handler({ Records: [removal('acme', '20'), removal('beta', '21'), removal('gamma', '22')] });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '21' }] });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(3);
  });
});
