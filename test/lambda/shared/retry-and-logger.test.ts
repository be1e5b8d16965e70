import { handlerLogger, withLambdaContext } from '../../../lambda/shared/logger';
import { backoffDelay, isRetryable } from '../../../lambda/shared/retry';

describe('isRetryable', () => {
  test.each([
    [{ name: 'SlowDown' }, true],
    [{ name: 'Whatever', $metadata: { httpStatusCode: 503 } }, true],
    [{ name: 'ProvisionedThroughputExceededException' }, true],
    ['InternalError', true],
    [{ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }, false],
    ['AccessDenied', false],
    [undefined, false],
  ])('%j -> %s', (err, expected) => {
    expect(isRetryable(err)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  test('delays stay under the cap', () => {
    for (let i = 1; i < 20; i++) expect(backoffDelay(i, { baseDelayMs: 100, maxDelayMs: 800 })).toBeLessThan(800);
  });
});

/** The JSON lines a handler logger writes (info to stdout, errors to stderr) while `run` runs. */
async function linesOf(run: () => Promise<unknown> | void): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    }));
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('handler logger (Powertools)', () => {
  const context = {
    functionName: 'steward-eu-tenant-lifecycle-Trigger', functionVersion: '$LATEST', memoryLimitInMB: '512',
    invokedFunctionArn: 'arn:aws:lambda:eu-central-1:111122223333:function:steward-eu-tenant-lifecycle-Trigger',
    awsRequestId: 'req-1', getRemainingTimeInMillis: () => 1000,
  };

  test('every line of an invocation carries the service, its persistent keys and the Lambda context', async () => {
    const log = handlerLogger('tenant-termination', { step: 'purge' });
    const handler = withLambdaContext(log, async (event: { tenantId: string }) =>
      log.info('deleted', { tenantId: event.tenantId, count: 3 }));
    const [line] = await linesOf(() => handler({ tenantId: 'acme' }, context));
    expect(line).toMatchObject({
      level: 'INFO', message: 'deleted', service: 'tenant-termination', step: 'purge', tenantId: 'acme', count: 3,
      function_name: context.functionName, function_request_id: 'req-1', function_arn: context.invokedFunctionArn,
    });
  });

  test('an error is reduced to its name and message: no stack, cause or SDK fields (bucket, key, request)', async () => {
    const log = handlerLogger('tenant-export');
    const sdkError = Object.assign(new Error('Access Denied'), {
      name: 'AccessDenied', Key: 'tenants/acme/jane@acme.example/report.json', BucketName: 'exports',
      $metadata: { requestId: 'R1', httpStatusCode: 403 }, cause: new Error('user jane@acme.example'),
    });
    const lines = await linesOf(() => {
      log.error('export failed', { tenantId: 'acme', err: sdkError });
      log.error('export failed', sdkError);
    });
    expect(lines.map((l) => l.err ?? l.error)).toEqual([
      { name: 'AccessDenied', message: 'Access Denied' },
      { name: 'AccessDenied', message: 'Access Denied' },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/jane|tenants\/|exports|R1|at .*\.ts/);
  });
});
