import { judge, type Measurement, typical } from '../../bench/purge/report';
import { SCENARIOS } from '../../bench/purge/scenarios';
import { DEFAULT_PROFILE } from '../support/s3-model/profile';

const [flat, onePartition, split] = SCENARIOS;
const OURS = 'pipelined core (4 listers)';
const CDK = 'aws-cdk-lib auto-delete-objects';
const FAN_OUT = 'fan-out (8 children, 200-page slices)';

/** A run of 50,000 versions at `share` of the scenario's bound. */
function run(scenario: typeof flat, contender: string, share: number, extra: Partial<Measurement> = {}): Measurement {
  const bound = scenario === split ? 14000 : 3500;
  return {
    scenario, contender, versions: 50_000, seconds: 50_000 / (share * bound), requests: 101, slowDowns: 0, bound,
    clientCpu: 0.2, modelCpu: 0.05, maxInFlight: 5, ...extra,
  };
}

const judged = (rows: Measurement[]) => judge(rows, SCENARIOS, OURS, CDK, 4, DEFAULT_PROFILE, FAN_OUT);
const lineOf = (lines: string[], goal: string) => lines.find((l) => l.includes(goal)) ?? '';

describe('the purge bench judges each goal on the median run', () => {
  const baseline = [run(flat, CDK, 0.21), run(flat, OURS, 0.89), run(onePartition, OURS, 0.95), run(split, OURS, 0.71)];

  test('the fan-out measured 80, 90 and 88 %: judged on 88 %, the lowest and highest beside it', () => {
    const lines = judged([...baseline, run(onePartition, FAN_OUT, 0.8), run(onePartition, FAN_OUT, 0.9), run(onePartition, FAN_OUT, 0.88)]);
    const line = lineOf(lines, 'the termination fan-out');
    expect(line).toMatch(/^PASS/);
    expect(line).toContain('88% (3080 of 3500 versions/s), median of 3 runs (80% to 90%)');
  });

  test('two runs of four below the goal fail it: of an even count the worse middle run is judged', () => {
    const runs = [0.8, 0.84, 0.9, 0.92].map((s) => run(onePartition, FAN_OUT, s));
    expect(lineOf(judged([...baseline, ...runs]), 'the termination fan-out')).toMatch(/^FAIL .*84%.*median of 4 runs \(80% to 92%\)/);
  });

  test('one failed run fails the goal whatever the others measured', () => {
    const runs = [run(split, OURS, 0.75), run(split, OURS, 0.74, { failed: 'Error: 3 versions left' })];
    const line = lineOf(judged([baseline[0], baseline[1], baseline[2], ...runs]), 'with split partitions');
    expect(line).toMatch(/^FAIL .*failed: Error: 3 versions left/);
  });

  test('requests are judged on the median run too, the worst beside it', () => {
    const runs = [101, 103, 110].map((requests) => run(flat, OURS, 0.89, { requests }));
    const line = lineOf(judged([baseline[0], ...runs]), 'requests per 1000 versions, flat prefix');
    expect(line).toMatch(/^FAIL  .* 2\.06 \(103 requests, 0 of them 503s, median of 3 runs \(2\.02 to 2\.20\)/);
  });

  test('a single run is judged as it is, with no spread', () => {
    const line = lineOf(judged(baseline), 'no failed slice');
    expect(line).toMatch(/^PASS .*95% \(3325 of 3500 versions\/s\)$/);
  });

  test('typical of no runs is nothing', () => {
    expect(typical([], () => 0)).toBeUndefined();
  });
});
