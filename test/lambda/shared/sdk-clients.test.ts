import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { purgeRanges } from '../../../lambda/shared/purge-pipeline';
import { deleteVersions, listVersionPage } from '../../../lambda/shared/s3-versions';
import { SDK_RETRY, sdkClient } from '../../../lambda/shared/sdk-clients';
import { batchDelete } from '../../../lambda/tenant-termination/purge-table';

/**
 * A fake AWS endpoint that throttles: it answers every request with `answer(request)` and counts
 * what it receives, so the tests see how often one call is really sent.
 */
class ThrottlingFake {
  readonly requests: string[] = [];
  private server?: Server;
  answer: (req: IncomingMessage) => { status: number; body: string; type?: string } = () => SLOW_DOWN;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.requests.push(`${req.method} ${req.url}`);
        const { status, body, type } = this.answer(req);
        res.writeHead(status, { 'content-type': type ?? 'application/xml' }).end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

const SLOW_DOWN = { status: 503, body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>' };
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const fake = new ThrottlingFake();
let endpoint: string;

beforeAll(async () => {
  endpoint = await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.requests.length = 0;
  fake.answer = () => SLOW_DOWN;
  // The SDK's backoff is random * 2^attempt * base: a zero draw keeps the test from sleeping, not the count from being real.
  jest.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => jest.restoreAllMocks());

const s3 = () => sdkClient(S3Client, { region: 'eu-central-1', endpoint, forcePathStyle: true, credentials });

describe('SDK retries are configured once, where clients are built', () => {
  test('a throttled listing is sent maxAttempts times in all, then fails with the throttle', async () => {
    await expect(listVersionPage(s3(), { bucket: 'logs', prefix: 'tenants/acme/' })).rejects.toMatchObject({ name: 'SlowDown' });
    expect(SDK_RETRY.maxAttempts).toBe(3);
    expect(fake.requests).toHaveLength(SDK_RETRY.maxAttempts);
  });

  test('a throttled DeleteObjects request is sent maxAttempts times, not once per attempt of a loop around it', async () => {
    const versions = [{ key: 'tenants/acme/a', versionId: 'v1', deleteMarker: false }];
    await expect(deleteVersions(s3(), 'logs', versions, { sleep: async () => undefined })).rejects.toMatchObject({ name: 'SlowDown' });
    expect(fake.requests).toHaveLength(SDK_RETRY.maxAttempts);
  });

  test('a DeleteObjects request answered 503 once is sent again by the SDK and its versions are counted deleted', async () => {
    let answered = 0;
    fake.answer = () => (answered++ === 0 ? SLOW_DOWN : { status: 200, body: '<DeleteResult></DeleteResult>' });
    const versions = [{ key: 'tenants/acme/a', versionId: 'v1', deleteMarker: false }];
    await expect(deleteVersions(s3(), 'logs', versions, { sleep: async () => undefined })).resolves.toMatchObject({ deletedVersions: 1 });
    expect(fake.requests).toHaveLength(2);
  });

  test('keys a DeleteObjects answer lists as throttled are resent by our own loop, each round one request', async () => {
    fake.answer = () => ({
      status: 200,
      body: '<DeleteResult><Error><Key>tenants/acme/a</Key><VersionId>v1</VersionId><Code>SlowDown</Code></Error></DeleteResult>',
    });
    const versions = [{ key: 'tenants/acme/a', versionId: 'v1', deleteMarker: false }];
    await expect(deleteVersions(s3(), 'logs', versions, { attempts: 4, sleep: async () => undefined })).rejects.toMatchObject({
      name: 'TransientDeleteError',
    });
    expect(fake.requests).toHaveLength(4);
  });

  test('a throttled BatchWriteItem is sent maxAttempts times; what DynamoDB leaves unprocessed is resubmitted by our loop', async () => {
    const ddb = DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, { region: 'eu-central-1', endpoint, credentials }));
    const throttled = { status: 400, type: 'application/x-amz-json-1.0',
      body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' }) };
    fake.answer = () => throttled;
    const key = { tenantId: 'acme', deviceId: 'd1' };
    await expect(batchDelete(ddb, 'devices', [key], { sleep: async () => undefined }))
      .rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(fake.requests).toHaveLength(SDK_RETRY.maxAttempts);

    fake.requests.length = 0;
    const unprocessed = { UnprocessedItems: { devices: [{ DeleteRequest: { Key: { tenantId: { S: 'acme' }, deviceId: { S: 'd1' } } } }] } };
    fake.answer = () => ({ status: 200, type: 'application/x-amz-json-1.0', body: JSON.stringify(unprocessed) });
    await expect(batchDelete(ddb, 'devices', [key], { attempts: 5, sleep: async () => undefined })).rejects.toMatchObject({
      name: 'UnprocessedItemsError',
    });
    expect(fake.requests).toHaveLength(5);
  });

  test('a purge whose listing or delete keeps failing sends each no more often than the client\'s attempts, then fails', async () => {
    const body = '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>';
    fake.answer = () => ({ status: 500, body });
    const purge = () => purgeRanges(s3(), { bucket: 'logs', ranges: [{ prefix: 'tenants/acme/', done: false }], semantics: 'aws' });
    await expect(purge()).rejects.toMatchObject({ name: 'InternalError' });
    expect(fake.requests).toHaveLength(SDK_RETRY.maxAttempts);
  });
});
