import { LIMITS, TERMINATION_STATE_BYTES, terminationStateBytes } from '../../lib/vocabulary';
import { bytesOf, type StateShape, stateParts } from '../support/termination-state';
import { defaultTerminationMachine } from '../support/termination-machine';

/**
 * P-DELETE-ON-TERMINATION against Step Functions' 256 KiB state: a state over it fails the run
 * with States.DataLimitExceeded, on the failure path too, where no receipt would be written.
 * The state is measured, not estimated: built from the steps' outputs and cut as the synthesized
 * definition cuts it, at the three points where it is largest, for stores and shards of several
 * counts; the figures TERMINATION_STATE_BYTES holds (and the workflow's synth-time check uses)
 * are derived from the measurements and must bound them.
 */
interface State { Type: string; Parameters?: Record<string, string>; ResultPath?: string; Next?: string;
  ItemProcessor?: { States: Record<string, State> } }

const { lifecycle, definition } = defaultTerminationMachine<State>();
const DEFAULT_STORES = lifecycle.termination.stores;

/** A Pass state's Parameters applied to a value: each `field.$` a path `$.a.b` into it, as Step Functions does. */
function pass(state: State, input: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state.Parameters ?? {}).map(([field, path]) => {
    expect(field.endsWith('.$') && /^\$(\.\w+)+$/.test(path)).toBe(true);
    const value = path.split('.').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], input);
    return [field.slice(0, -2), value];
  }));
}

const fanOut = definition.States.PurgeBuckets;
const childEnd = fanOut.ItemProcessor!.States.PurgeBucketsFinished;
const afterFanOut = definition.States[fanOut.Next!];

/** Bytes of the state at its largest points, for one shape of stores and shards. */
async function measure(shape: StateShape, findings = true) {
  const parts = await stateParts(shape);
  const buckets = parts.lastSlices.map((slice) => pass(childEnd, slice));
  const planned = { ...parts.input, plan: parts.plan, key: parts.key, purgePlan: parts.purgePlan };
  const failure = findings ? { ...parts.failure, verification: parts.verification } : { verification: parts.cleanVerification };
  return {
    planned: bytesOf(planned),
    // The fan-out's output: the plan's sealed shards and every child's result.
    fanOut: bytesOf({ ...planned, buckets }),
    // The fan-out failed: its Catch puts the error on the sealed shards, which the next state drops.
    fanOutCaught: bytesOf({ ...planned, caught: parts.failure.caught }),
    // After the fan-out: its results, every later step's, and all the failure path adds (or a verification's findings).
    // The failure path after a failed fan-out holds less: the same without the results.
    end: bytesOf({
      ...planned, purgePlan: pass(afterFanOut, planned), buckets, tables: parts.tables, users: parts.users,
      ...failure, receipt: parts.receipt,
    }),
  };
}

describe("the termination workflow's state fits Step Functions' 256 KiB", () => {
  test('a fan-out child returns what the receipt reads; the sealed shards leave the state after the fan-out, failed or not', () => {
    expect(childEnd).toMatchObject({ Type: 'Pass', End: true });
    expect(Object.keys(childEnd.Parameters!)).toEqual(['target.$', 'totals.$', 'invocations.$', 'startedAt.$', 'finishedAt.$']);
    const forget = { Type: 'Pass', ResultPath: '$.purgePlan', Parameters: { 'walkRequests.$': '$.purgePlan.walkRequests' } };
    expect(afterFanOut).toMatchObject(forget);
    const caught = (fanOut as State & { Catch: Array<{ Next: string }> }).Catch;
    expect(caught).toHaveLength(1);
    expect(definition.States[caught[0].Next]).toMatchObject({ ...forget, Next: 'DescribeFailure' });
  });

  test('the figures are derived from measured states and bound every shape measured', async () => {
    const base: StateShape = { bucketCopies: 4, tables: 3, userPools: 2, shardsPerBucket: 4 };
    const at = (change: Partial<StateShape>) => measure({ ...base, ...change });
    const m = await at({});
    const moreShards = await at({ shardsPerBucket: 12 });
    const added = base.bucketCopies * 8;
    const perShardItem = (moreShards.planned - m.planned) / added;
    const perShardResult = (moreShards.end - m.end) / added;
    expect((moreShards.fanOut - m.fanOut) / added).toBe(perShardItem + perShardResult);
    const measured = {
      perBucketCopy: (await at({ bucketCopies: 5 })).end - m.end - base.shardsPerBucket * perShardResult,
      perTable: (await at({ tables: 4 })).end - m.end,
      perUserPool: (await at({ userPools: 3 })).end - m.end,
      perShardItem,
      perShardResult,
      caughtError: m.fanOutCaught - m.planned,
      findings: m.end - (await measure(base, false)).end,
      fixed: 0,
    };
    const n = base.bucketCopies * base.shardsPerBucket;
    measured.fixed = Math.max(
      m.fanOut - n * (perShardItem + perShardResult),
      m.fanOutCaught - measured.caughtError - n * perShardItem,
      m.end - measured.findings - n * perShardResult,
    ) - base.bucketCopies * measured.perBucketCopy - base.tables * measured.perTable - base.userPools * measured.perUserPool;
    // Printed for docs/termination.md and lib/vocabulary.ts.
    console.log(`termination state, measured: ${JSON.stringify(measured)}`);
    for (const [figure, bytes] of Object.entries(measured)) {
      const held = TERMINATION_STATE_BYTES[figure as keyof typeof measured];
      // Rounded up, never down: the check may refuse a byte early, never let one through.
      expect({ figure, ok: held >= bytes && held <= Math.ceil(bytes * 1.01) + 16 }).toEqual({ figure, ok: true });
    }
    const shapes: StateShape[] = [
      base,
      { bucketCopies: 14, tables: 6, userPools: 1, shardsPerBucket: 9 },
      { bucketCopies: 1, tables: 0, userPools: 0, shardsPerBucket: 1 },
      { bucketCopies: 30, tables: 10, userPools: 2, shardsPerBucket: 2 },
    ];
    for (const shape of shapes) {
      const { planned: _, ...points } = await measure(shape);
      expect(Math.max(...Object.values(points))).toBeLessThanOrEqual(terminationStateBytes(shape, shape.shardsPerBucket));
    }
  });

  test(`the default app's ${DEFAULT_STORES.bucketCopies} bucket copies fit the shards the check allows, measured`, async () => {
    let most = LIMITS.shardsPerBucket.max;
    while (terminationStateBytes(DEFAULT_STORES, most) > TERMINATION_STATE_BYTES.limit) most--;
    const { planned: _, ...points } = await measure({ ...DEFAULT_STORES, shardsPerBucket: most });
    const largest = Math.max(...Object.values(points));
    const stores = JSON.stringify(DEFAULT_STORES);
    console.log(`default app: ${stores}; at most ${most} shards per bucket copy; largest state ${largest} bytes`, points);
    expect(largest).toBeLessThanOrEqual(TERMINATION_STATE_BYTES.limit);
    expect(most).toBeGreaterThanOrEqual(8);
  });
});
