/**
 * Backoff for the retries the SDK cannot make: keys a DeleteObjects answer lists as failed and
 * DynamoDB's UnprocessedItems, both of which arrive in a successful response. A failed request
 * is the SDK's to retry (sdk-clients.ts); no loop here goes around a call that already retries.
 */

/** Error names and codes that mean "slow down and try again", across S3, DynamoDB, KMS and Cognito. */
const THROTTLE_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'RequestThrottledException',
  'ServiceUnavailable',
  'InternalError',
  'InternalServerError',
  'LimitExceededException',
]);

/** Whether an SDK error (or a per-key S3 error code) is a throttle or a transient server fault. */
export function isRetryable(err: unknown): boolean {
  if (typeof err === 'string') return THROTTLE_NAMES.has(err);
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e.$metadata?.httpStatusCode;
  return (
    THROTTLE_NAMES.has(e.name ?? '') ||
    THROTTLE_NAMES.has(e.Code ?? '') ||
    status === 429 ||
    status === 500 ||
    status === 503 ||
    Boolean(e.$retryable)
  );
}

export interface BackoffOptions {
  /** Attempts in all, the first included. @default 6 */
  readonly attempts?: number;
  /** Delay before the second attempt, doubled each time. @default 100 */
  readonly baseDelayMs?: number;
  /** Ceiling of one delay. @default 5000 */
  readonly maxDelayMs?: number;
  /** Waits between attempts; tests pass a fake. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Delay before attempt `attempt` (1 = first retry): exponential with full jitter, capped. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? 100;
  const cap = options.maxDelayMs ?? 5000;
  return Math.floor(Math.random() * Math.min(cap, base * 2 ** (attempt - 1)));
}
