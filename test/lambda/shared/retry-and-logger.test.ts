import { createLogger } from '../../../lambda/shared/logger';
import { backoffDelay, isRetryable, withBackoff } from '../../../lambda/shared/retry';

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

describe('withBackoff', () => {
  test('retries throttles until success, waiting between attempts', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withBackoff(
      async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('slow'), { name: 'SlowDown' });
        return 'ok';
      },
      { sleep: async (ms) => void waits.push(ms), baseDelayMs: 10 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  test('passes a non-retryable error through at once', async () => {
    let calls = 0;
    await expect(
      withBackoff(async () => {
        calls++;
        throw Object.assign(new Error('no'), { name: 'AccessDenied' });
      }, { sleep: async () => undefined }),
    ).rejects.toThrow('no');
    expect(calls).toBe(1);
  });

  test('gives up after the configured attempts', async () => {
    let calls = 0;
    await expect(
      withBackoff(async () => {
        calls++;
        throw Object.assign(new Error('slow'), { name: 'SlowDown' });
      }, { attempts: 4, sleep: async () => undefined }),
    ).rejects.toThrow('slow');
    expect(calls).toBe(4);
  });

  test('delays stay under the cap', () => {
    for (let i = 1; i < 20; i++) expect(backoffDelay(i, { baseDelayMs: 100, maxDelayMs: 800 })).toBeLessThan(800);
  });
});

describe('createLogger', () => {
  test('writes one JSON object per line with base fields, and reduces errors to name and message', () => {
    const lines: string[] = [];
    const log = createLogger({ tenantId: 'acme' }, { write: (l) => lines.push(l) }).child({ step: 'purge' });
    log.info('deleted', { count: 3, err: new TypeError('boom') });
    log.debug('hidden');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 'info', message: 'deleted', tenantId: 'acme', step: 'purge', count: 3 });
    expect(entry.err).toEqual({ name: 'TypeError', message: 'boom' });
  });
});
