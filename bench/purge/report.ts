import type { LatencyProfile } from '../../test/support/s3-model/profile';
import { layoutFloor } from './floors';
import type { Scenario } from './scenarios';

export interface Measurement {
  readonly scenario: Scenario;
  readonly contender: string;
  readonly versions: number;
  readonly seconds: number;
  /** Every request the model answered, refused ones included. */
  readonly requests: number;
  readonly slowDowns: number;
  readonly bound: number;
  readonly failed?: string;
  /** CPU the bench process (the client) and the model's process used, as a fraction of one core. */
  readonly clientCpu: number;
  readonly modelCpu: number;
  /** Most requests the model had in flight at once. */
  readonly maxInFlight: number;
}

export const rate = (m: Measurement) => m.versions / m.seconds;
export const per1000 = (m: Measurement) => (m.requests / m.versions) * 1000;
/** The fraction of its scenario's physical bound a run reached. */
const share = (m: Measurement) => rate(m) / m.bound;

/** A contender's runs on one scenario at the judged size: the largest measured. */
function judgedRuns(rows: readonly Measurement[], scenario: Scenario, contender: string): Measurement[] {
  const largest = Math.max(...rows.map((r) => r.versions));
  return rows.filter((r) => r.scenario === scenario && r.contender === contender && r.versions === largest);
}
const per1000Admitted = (m: Measurement) => ((m.requests - m.slowDowns) / m.versions) * 1000;

export function printTable(rows: readonly Measurement[]): void {
  console.log(
    `${'scenario'.padEnd(36)} ${'versions'.padStart(8)} ${'contender'.padEnd(32)} ${'s'.padStart(7)} ${'v/s'.padStart(7)} ` +
      `${'req/1000'.padStart(8)} ${'(w/o 503)'.padStart(9)} ${'503s'.padStart(5)} ${'bound'.padStart(6)} ${'of bound'.padStart(8)} ` +
      `${'in flight'.padStart(9)} ${'cpu client'.padStart(10)} ${'cpu model'.padStart(9)}`,
  );
  for (const m of rows) {
    const cpu = (f: number) => `${(f * 100).toFixed(0)}%`;
    const outcome = m.failed
      ? `FAILED after ${m.seconds.toFixed(1)} s: ${m.failed}`
      : `${m.seconds.toFixed(2).padStart(7)} ${rate(m).toFixed(0).padStart(7)} ${per1000(m).toFixed(2).padStart(8)} ` +
        `${per1000Admitted(m).toFixed(2).padStart(9)} ${String(m.slowDowns).padStart(5)} ${String(m.bound).padStart(6)} ` +
        `${(share(m) * 100).toFixed(0).padStart(7)}% ` +
        `${String(m.maxInFlight).padStart(9)} ${cpu(m.clientCpu).padStart(10)} ${cpu(m.modelCpu).padStart(9)}`;
    console.log(`${m.scenario.name.padEnd(36)} ${String(m.versions).padStart(8)} ${m.contender.padEnd(32)} ${outcome}`);
  }
}

/**
 * The issue's goals, judged on the largest size of each scenario: each figure beside its goal, PASS
 * or FAIL, and beside the layout's floor (bench/purge/floors.ts) where that decides what is possible.
 */
export function judge(
  rows: readonly Measurement[], scenarios: readonly Scenario[], ours: string, baseline: string, listers: number, profile: LatencyProfile,
  fanOut: string,
): string[] {
  const largest = Math.max(...rows.map((r) => r.versions));
  const floorOf = (s: Scenario) => layoutFloor(s, largest, listers, profile);
  const runs = (s: Scenario, who: string) => judgedRuns(rows, s, who);
  const lines: string[] = [];
  const line = (ok: boolean, goal: string, figure: string) => lines.push(`${ok ? 'PASS' : 'FAIL'}  ${goal.padEnd(66)} measured: ${figure}`);
  const pct = (m: Measurement) => `${(share(m) * 100).toFixed(0)}%`;
  /** The median run's share of the bound; with several runs, how many there were and the worst and best. */
  const ofBound = (t: Typical) => `${pct(t.median)} (${rate(t.median).toFixed(0)} of ${t.median.bound} versions/s)` +
    (t.runs > 1 ? `, median of ${t.runs} runs (${pct(t.worst)} to ${pct(t.best)})` : '');
  const [flat, onePartition, split] = scenarios;
  const o1 = typical(runs(onePartition, ours), rate);
  if (o1) {
    const ok = !o1.failed && share(o1.median) >= 0.85;
    line(ok, '>= 85% of the bound under one partition, no failed slice', o1.failed ? `failed: ${o1.failed}` : ofBound(o1));
  }
  // The same goal for the shape a termination runs: children that share the partition, each paced on its own.
  const f1 = typical(runs(onePartition, fanOut), rate);
  if (f1) {
    const ok = !f1.failed && share(f1.median) >= 0.85;
    const figure = f1.failed ? `failed: ${f1.failed}` : `${ofBound(f1)}, ${f1.median.slowDowns} 503s`;
    line(ok, '>= 85% of the bound under one partition, the termination fan-out', figure);
  }
  const o2 = typical(runs(split, ours), rate);
  if (o2) {
    const ok = !o2.failed && share(o2.median) >= 0.7;
    const f = floorOf(split);
    const floor = `; floor of ${f.ranges} ranges listed page by page: ${f.seconds.toFixed(2)} s, ` +
      `${((o2.median.versions / f.seconds / o2.median.bound) * 100).toFixed(0)}% of the bound`;
    line(ok, '>= 70% of the bound with split partitions', o2.failed ? `failed: ${o2.failed}` : `${ofBound(o2)}${floor}`);
  }
  const of = typical(runs(flat, ours), rate);
  const cf = typical(runs(flat, baseline), rate);
  if (of && cf && !of.failed && !cf.failed) {
    const speedup = rate(of.median) / rate(cf.median);
    const figure = `${speedup.toFixed(2)}x (${rate(of.median).toFixed(0)} vs ${rate(cf.median).toFixed(0)} versions/s` +
      `${of.runs > 1 ? `, medians; ours ${rate(of.worst).toFixed(0)} to ${rate(of.best).toFixed(0)}` : ''})`;
    line(speedup >= 3.8, '>= 3.8x aws-cdk-lib on a flat prefix', figure);
  }
  for (const s of scenarios) {
    const t = typical(runs(s, ours), (m) => -per1000(m));
    if (!t || t.failed) continue;
    const m = t.median;
    const f = floorOf(s);
    const spread = t.runs > 1 ? `, median of ${t.runs} runs (${per1000(t.best).toFixed(2)} to ${per1000(t.worst).toFixed(2)})` : '';
    const figure = `${per1000(m).toFixed(2)} (${m.requests} requests, ${m.slowDowns} of them 503s${spread}; floor of ${f.ranges} ` +
      `range${f.ranges > 1 ? 's' : ''}: ${f.requests}, ${((f.requests / m.versions) * 1000).toFixed(2)})`;
    line(per1000(m) <= 2.05, `<= 2.05 requests per 1000 versions, ${s.name}`, figure);
  }
  return lines;
}

/** A contender's runs on one scenario and size, summed up: a goal is judged on the median run, never on the best. */
export interface Typical {
  readonly median: Measurement;
  readonly worst: Measurement;
  readonly best: Measurement;
  readonly runs: number;
  /** The first failed run's reason: one failed run fails the goal, however the others went. */
  readonly failed?: string;
}

/**
 * The run whose `figure` (higher is better) is the median of these runs (of an even count, the
 * worse of the middle two), with the worst and the best; undefined when there are none.
 */
export function typical(runs: readonly Measurement[], figure: (m: Measurement) => number): Typical | undefined {
  if (runs.length === 0) return undefined;
  const failed = runs.find((r) => r.failed)?.failed;
  const sorted = [...runs].sort((a, b) => figure(a) - figure(b));
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return { median, worst: sorted[0], best: sorted[sorted.length - 1], runs: runs.length, failed };
}

/** Time and requests for 100 million versions over 10,000 device prefixes, from the measured rates. */
export function projection(
  rows: readonly Measurement[], scenarios: readonly Scenario[], ours: string, fanOut: number, fanOutName: string,
): string[] {
  const of = (who: string, s: Scenario) => typical(judgedRuns(rows, s, who).filter((r) => !r.failed), rate)?.median;
  const at = (s: Scenario) => of(ours, s);
  // A termination runs the fan-out; the core's own figure stands in when the fan-out was not measured.
  const core = at(scenarios[1]);
  const one = of(fanOutName, scenarios[1]) ?? core;
  const split = at(scenarios[2]);
  const total = 100_000_000;
  const hours = (r: number) => (total / r / 3600).toFixed(1);
  const lines: string[] = [];
  if (core) {
    // Request cost from the core: at this size the fan-out's shards are a few thousand versions, each ending in a part-full page.
    lines.push(
      `requests: ${((per1000(core) * total) / 1000).toFixed(0)} at the core's measured ${per1000(core).toFixed(2)} per 1000, ` +
        `plus 10 walk ` +
        `pages for 10,000 device prefixes`,
    );
  }
  if (one) {
    lines.push(
      `time if S3 keeps the tenant in one partition (3,500 deletes/s): ${hours(rate(one))} h at the measured ${rate(one).toFixed(0)} ` +
        `versions/s of the ${one.contender} (bound: ${hours(3500)} h)`,
    );
  }
  if (split) {
    const perChild = rate(split);
    lines.push(
      `time if S3 has split the devices into partitions: ${fanOut} child executions at the measured ${perChild.toFixed(0)} versions/s ` +
        `each ` +
        `(${split.bound / 3500} partitions in one process) -> ${hours(perChild * fanOut)} h; S3's bound with 10,000 partitions is not ` +
        `the limit then, the fan-out is`,
    );
  }
  lines.push(
    `Step Functions: each child deletes 200,000 versions per slice in 7 history events; 100 million in one child = 500 slices, 3,500 ` +
      `events`,
  );
  return lines;
}
