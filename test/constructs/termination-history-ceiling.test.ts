import { THROTTLE_RETRY } from '../../lib/constructs/step-retries';
import { LIMITS } from '../../lib/vocabulary';
import { defaultTerminationMachine } from '../support/termination-machine';

/**
 * P-DELETE-ON-TERMINATION at scale (issue 10, points 9 and 10), computed from the synthesized
 * state machine rather than assumed: how many history events one purge slice adds, and so how
 * many versions one execution can delete before Step Functions' 25,000-event limit; and how long
 * a throttled invocation is retried before the run would fail.
 */
const HISTORY_LIMIT = 25_000;
/** Events Step Functions writes per state visit in a Standard execution, by state type (and for a Lambda task). */
const EVENTS_PER_VISIT: Record<string, number> = {
  // TaskStateEntered, TaskScheduled, TaskStarted, TaskSucceeded, TaskStateExited
  Task: 5,
  // <Type>StateEntered, <Type>StateExited
  Choice: 2, Pass: 2, Succeed: 2, Fail: 1,
  // WaitStateEntered, WaitStateExited
  Wait: 2,
  // MapStateEntered, MapRunStarted, MapRunSucceeded, MapStateExited (a Distributed Map's items run as children)
  Map: 4,
};
/** ExecutionStarted and ExecutionSucceeded. */
const EXECUTION_EVENTS = 2;
/** Share of the history kept for retried attempts (each adds TaskScheduled, TaskStarted, TaskFailed). */
const RETRY_RESERVE = 0.1;

interface State { Type: string; Next?: string; End?: boolean; Choices?: Array<{ Next: string }>; Default?: string;
  ItemProcessor?: { ProcessorConfig?: { Mode?: string }; StartAt: string; States: Record<string, State> };
  Iterator?: { StartAt: string; States: Record<string, State> }; Retry?: Array<Record<string, unknown>> }
interface Graph { StartAt: string; States: Record<string, State> }

const { template, definition } = defaultTerminationMachine<State>();

function successors(s: State): string[] {
  return [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next)].filter((n): n is string => n !== undefined);
}

/** The states on the cycle through `start` (a slice loop), or [] when the graph has none there. */
function cycleThrough(graph: Graph, start: string): string[] {
  const path: string[] = [];
  const walk = (name: string, seen: Set<string>): boolean => {
    if (name === start && seen.size > 0) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    path.push(name);
    for (const next of successors(graph.States[name])) if (walk(next, seen)) return true;
    path.pop();
    return false;
  };
  return walk(start, new Set()) ? path : [];
}

function hasCycle(graph: Graph): boolean {
  return Object.keys(graph.States).some((name) => cycleThrough(graph, name).length > 0);
}

function purgeFunctionEnv(): { maxPages: number; timeoutSeconds: number; reserved: number } {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
    (f) => f.Properties.Environment?.Variables?.STEP === 'purge-bucket',
  );
  return {
    maxPages: Number(fn!.Properties.Environment.Variables.MAX_PAGES),
    timeoutSeconds: fn!.Properties.Timeout,
    reserved: fn!.Properties.ReservedConcurrentExecutions,
  };
}

describe('the termination workflow stays far from the 25,000-event history limit', () => {
  const fanOut = Object.values(definition.States).find((s) => s.Type === 'Map' && s.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED');

  test('the bucket purge is a Distributed Map: each shard a child execution with its own history', () => {
    expect(fanOut).toBeDefined();
    expect(definition.States.PurgeBuckets).toBe(fanOut);
  });

  test('the parent execution has no loop, so its history does not grow with the tenant\'s versions', () => {
    expect(hasCycle(definition)).toBe(false);
    // Inline Maps (tables, users) hold their loops; only the bucket purge could grow with data, and it is distributed.
    for (const s of Object.values(definition.States)) {
      if (s.Type === 'Map' && s !== fanOut) expect(s.ItemProcessor?.ProcessorConfig?.Mode ?? 'INLINE').toBe('INLINE');
    }
  });

  test('events per slice and the resulting ceiling: at least 100 million versions per bucket copy in one child', () => {
    const child = fanOut!.ItemProcessor!;
    const loop = cycleThrough(child, child.StartAt);
    expect(loop.length).toBeGreaterThan(0);
    const eventsPerSlice = loop.reduce((n, name) => n + EVENTS_PER_VISIT[child.States[name].Type], 0);
    const { maxPages } = purgeFunctionEnv();
    const versionsPerSlice = maxPages * 1000;
    const usable = HISTORY_LIMIT * (1 - RETRY_RESERVE) - EXECUTION_EVENTS - EVENTS_PER_VISIT.Succeed;
    const slices = Math.floor(usable / eventsPerSlice);
    const ceiling = slices * versionsPerSlice;
    // Printed for docs/termination.md: e.g. 7 events per slice, 3213 slices, 642.6 million versions.
    console.log(`purge child: ${loop.join(' -> ')}: ${eventsPerSlice} events per slice of ${versionsPerSlice} versions; ` +
      `${slices} slices fit; ceiling ${(ceiling / 1e6).toFixed(1)} million versions per shard`);
    expect(eventsPerSlice).toBe(7);
    // A flat prefix cannot be split, so one shard may hold a whole bucket copy: it must fit alone.
    expect(ceiling).toBeGreaterThanOrEqual(100_000_000);
  });

  test('under sustained SlowDown a slice still deletes enough, at the pacer\'s floor, to keep that ceiling', () => {
    const child = fanOut!.ItemProcessor!;
    const eventsPerSlice = cycleThrough(child, child.StartAt).reduce((n, name) => n + EVENTS_PER_VISIT[child.States[name].Type], 0);
    const { timeoutSeconds } = purgeFunctionEnv();
    // A slice returns a minute before its timeout; the pacer never goes below 100 keys per second.
    const slowestSlice = (timeoutSeconds - 60) * 100;
    const slices = Math.floor((HISTORY_LIMIT * (1 - RETRY_RESERVE) - EXECUTION_EVENTS - 2) / eventsPerSlice);
    expect(slices * slowestSlice).toBeGreaterThanOrEqual(100_000_000);
  });
});

describe('concurrent terminations throttle each other into waiting, not failure (issue 10 point 9)', () => {
  const tasks = (graph: Graph): State[] => Object.values(graph.States).flatMap((s) => [
    ...(s.Type === 'Task' ? [s] : []),
    ...(s.ItemProcessor ? tasks(s.ItemProcessor) : []),
    ...(s.Iterator ? tasks(s.Iterator) : []),
  ]);

  test('every Lambda task retries TooManyRequestsException before its catch-all, for at least an hour in all', () => {
    const all = tasks(definition);
    expect(all.length).toBeGreaterThan(5);
    for (const task of all) {
      const retries = task.Retry ?? [];
      const throttle = retries.findIndex((r) => (r.ErrorEquals as string[]).includes('Lambda.TooManyRequestsException'));
      const catchAll = retries.findIndex((r) => (r.ErrorEquals as string[]).includes('States.ALL'));
      expect(throttle).toBeGreaterThanOrEqual(0);
      expect(throttle).toBeLessThan(catchAll);
      const r = retries[throttle] as {
        IntervalSeconds: number;
        BackoffRate: number;
        MaxAttempts: number;
        MaxDelaySeconds: number;
        JitterStrategy?: string;
      };
      expect(r.JitterStrategy ?? 'NONE').toBe('NONE');
      let waited = 0;
      for (let attempt = 0; attempt < r.MaxAttempts; attempt++)
        waited += Math.min(r.MaxDelaySeconds, r.IntervalSeconds * r.BackoffRate ** attempt);
      // S3 may take 30 to 60 minutes to split a prefix; a throttled invocation outlasts that.
      expect(waited).toBeGreaterThanOrEqual(3600);
    }
    expect(THROTTLE_RETRY.maxAttempts).toBe(40);
  });

  test('no run may time out while a throttled step still waits: the shortest run timeout outlasts the throttle retry', () => {
    const waits = (r: { IntervalSeconds: number; BackoffRate: number; MaxAttempts: number; MaxDelaySeconds: number }) =>
      Array.from({ length: r.MaxAttempts }, (_, attempt) => Math.min(r.MaxDelaySeconds, r.IntervalSeconds * r.BackoffRate ** attempt));
    const longest = Math.max(...tasks(definition).map((task) => {
      const throttle = (task.Retry ?? []).find((r) => (r.ErrorEquals as string[]).includes('Lambda.TooManyRequestsException'));
      return waits(throttle as Parameters<typeof waits>[0]).reduce((a, b) => a + b, 0);
    }));
    // About 3 hours (10,810 s); the configuration and the construct refuse a run timeout below 4.
    expect(longest).toBeLessThan(LIMITS.runTimeoutHours.min * 3600);
    expect((definition as Graph & { TimeoutSeconds: number }).TimeoutSeconds).toBeGreaterThanOrEqual(LIMITS.runTimeoutHours.min * 3600);
  });

  test('the purge function reserves room for several terminations\' fan-outs at once', () => {
    const fanOut = Object.values(definition.States).find(
      (s) => s.Type === 'Map' && s.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED',
    ) as State & { MaxConcurrency: number };
    expect(purgeFunctionEnv().reserved).toBeGreaterThanOrEqual(fanOut.MaxConcurrency * 4);
  });
});
