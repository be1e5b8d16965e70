import { InputError } from './input-error';

/**
 * The Step Functions side of a checkpointed data-rights workflow, injected into the cores so
 * they run the same in a test driver and on AWS.
 */
export interface Executions {
  /**
   * Starts the execution `name` with `input`. Names are unique per state machine for 90 days, so a
   * retried request with the same name starts nothing new and gets the first execution back.
   */
  start(name: string, input: unknown): Promise<{ executionArn: string; alreadyStarted: boolean }>;
  /** The execution's status and, once it succeeded, its output. */
  describe(name: string): Promise<{ status: string; output?: unknown; error?: string } | undefined>;
}

/** How much one step may do before it returns its checkpoint. */
export interface StepBudget {
  /** Listing pages per step. */
  readonly pages: number;
  /** Whether the invocation should stop now and return its checkpoint (e.g. little time left). */
  readonly timeUp: () => boolean;
}

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;

/**
 * The caller's id of a request: the idempotency key. A retry carries the same id, and the
 * execution named after it is started once, whatever number of times it is asked for.
 */
export function validateRequestId(value: unknown): string {
  if (typeof value !== 'string' || !REQUEST_ID.test(value)) {
    throw new InputError(
      'requestId',
      `must be the caller's id of this request, 8..64 of [A-Za-z0-9_-] (${REQUEST_ID}), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Runs `work` over `items` with at most `concurrency` at once, returning results in item order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
