import { DeletePacer, type DeletePacerOptions, PARTITION_DELETE_RATE, sharedPace } from '../../../lambda/shared/delete-pacer';
import { PartitionLimiter } from '../../support/s3-model/profile';

/** A virtual clock: sleeping moves it on at once, so nothing here depends on the wall clock. */
function virtualClock() {
  const clock = { t: 0, slept: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
}

function pacer(options: DeletePacerOptions = {}) {
  const v = virtualClock();
  // No random start: tests of other behaviour start at once (the start is tested on its own).
  return { ...v, pacer: new DeletePacer({ now: v.now, sleep: v.sleep, random: () => 0, ...options }) };
}

describe('DeletePacer', () => {
  test('spaces requests so keys go out at the rate, and grows the rate only while it holds requests back', async () => {
    const { pacer: p, clock } = pacer({ initialRate: 1000 });
    await p.acquire(1000); // the first request goes at once
    expect(clock.slept).toEqual([]);
    expect(p.rate).toBe(1000);
    await p.acquire(1000); // 1000 keys at 1000/s: the next slot is a second later
    expect(clock.slept).toEqual([1000]);
    expect(p.rate).toBeCloseTo(1500); // slow start: x1.5 per 1000 keys held back
    // A caller slower than the rate is never held back, and an unused rate proves nothing: it does not grow.
    clock.t += 60_000;
    await p.acquire(1000);
    expect(p.rate).toBeCloseTo(1500);
  });

  test('a 503 to a probe above the proven rate falls back just below it; a burst of 503s of one round counts once', async () => {
    const { pacer: p } = pacer({ initialRate: 1000 });
    const tickets: number[] = [];
    for (let i = 0; i < 6; i++) tickets.push(await p.acquire(1000));
    const probe = p.rate;
    expect(probe).toBeGreaterThan(2000);
    for (const t of tickets) p.throttle(t);
    const { proven } = p.stats();
    // Proven: the keys S3 admitted per second over the last two seconds, well below the probe.
    expect(proven).toBeGreaterThan(1000);
    expect(proven).toBeLessThan(probe * 0.8);
    expect(p.rate).toBeCloseTo(0.9 * proven);
    expect(p.stats()).toMatchObject({ throttles: 6, decreases: 1 });
  });

  test('a 503 at the proven rate cuts it multiplicatively, and never below the floor', async () => {
    const { pacer: p } = pacer({ initialRate: 1000, minRate: 200 });
    p.throttle(await p.acquire(1000)); // refused at the rate taken as proven: the partition is shared or smaller
    expect(p.stats()).toMatchObject({ rate: 700, proven: 700 });
    // The rate holds after a cut (no probe while S3's burst allowance refills), so a second 503 is at it too.
    p.throttle(await p.acquire(1000));
    expect(p.stats().proven).toBeCloseTo(490);
    expect(p.rate).toBeCloseTo(490);
    for (let i = 0; i < 50; i++) p.throttle(await p.acquire(1000));
    expect(p.rate).toBe(200);
  });

  test('recovers after throttling: the rate climbs again and a rate held without a 503 becomes proven', async () => {
    const { pacer: p } = pacer({ initialRate: 1000, proofMs: 2000 });
    for (let i = 0; i < 6; i++) await p.acquire(1000);
    p.throttle(await p.acquire(1000));
    const { rate: low, proven } = p.stats();
    expect(low).toBeCloseTo(0.9 * proven);
    for (let i = 0; i < 80; i++) await p.acquire(1000);
    expect(p.rate).toBeGreaterThan(low * 1.2); // additive increase while paced
    expect(p.stats().proven).toBeGreaterThan(proven); // rates held for two seconds without a 503
  });

  test('after a cut the rate holds while S3 refills its burst allowance, then climbs', async () => {
    const { pacer: p, clock } = pacer({ initialRate: 1000, proofMs: 2000 });
    p.throttle(await p.acquire(1000));
    const cut = p.rate;
    const at = clock.t;
    while (clock.t - at < 1900) await p.acquire(100); // paced all along, yet no probe
    expect(p.rate).toBe(cut);
    while (clock.t - at < 4000) await p.acquire(100);
    expect(p.rate).toBeGreaterThan(cut);
  });

  test('a pacer alone in its partition holds a cut for two seconds, a share of one for one second', async () => {
    // Holding time after a cut, measured as the paced time until the rate first moves again.
    const hold = async (options: DeletePacerOptions) => {
      const { pacer: p, clock } = pacer(options);
      p.throttle(await p.acquire(1000));
      const cut = p.rate;
      const at = clock.t;
      while (p.rate === cut) await p.acquire(50);
      return clock.t - at;
    };
    // Started at S3's partition rate: alone, so a longer hold probes the limit less often.
    const alone = await hold({});
    expect(alone).toBeGreaterThanOrEqual(2000);
    expect(alone).toBeLessThan(2100);
    // Started below it (a fan-out's share, or resumed after S3 refused less): neighbours that
    // finish leave capacity to take back soon.
    const shares = [{ resume: sharedPace(2) }, { resume: { rate: 1500, proven: 1500, throttled: true } }, { maxRate: 2000 }];
    for (const shared of shares) {
      const held = await hold(shared);
      expect(held).toBeGreaterThanOrEqual(1000);
      expect(held).toBeLessThan(1100);
    }
    // An explicit proofMs is kept either way.
    expect(await hold({ proofMs: 1500 })).toBeLessThan(1600);
  });

  test('503s soon after a failed probe ease the rate but keep the proven rate: they come from our own overshoot', async () => {
    const { pacer: p, clock } = pacer({ initialRate: 1000, proofMs: 2000 });
    for (let i = 0; i < 4; i++) await p.acquire(1000);
    p.throttle(await p.acquire(1000)); // the probe fails
    const { proven } = p.stats();
    clock.t += 500;
    p.throttle(await p.acquire(1000)); // S3's burst allowance is still empty
    expect(p.stats().proven).toBe(proven);
    expect(p.rate).toBeCloseTo(0.81 * proven);
    clock.t += 10_000;
    p.throttle(await p.acquire(1000)); // long after: the proven rate itself is refused
    expect(p.stats().proven).toBeLessThan(proven);
  });

  test('a rate the callers never used is not proven', async () => {
    const { pacer: p, clock } = pacer({ initialRate: 1000 });
    for (let i = 0; i < 10; i++) await p.acquire(1000); // slow start: the pacer holds these back and the rate grows
    const allowed = p.rate;
    // Then a slow caller: 100 keys a second for ten seconds, far below what the pacer allows.
    for (let i = 0; i < 10; i++) {
      clock.t += 1000;
      await p.acquire(100);
    }
    p.throttle(await p.acquire(100));
    expect(p.stats().proven).toBeLessThan(allowed / 2);
  });

  test('sustained throttling slows requests down but every acquire still returns', async () => {
    const { pacer: p, clock } = pacer({ initialRate: 3500, minRate: 100 });
    for (let i = 0; i < 500; i++) p.throttle(await p.acquire(1000));
    expect(p.rate).toBe(100);
    const before = clock.t;
    await p.acquire(1000);
    await p.acquire(1000);
    expect(clock.t - before).toBeGreaterThanOrEqual(10_000); // 1000 keys at 100/s
  });

  test('against a 3,500 keys/s partition it keeps close to the limit with few 503s', async () => {
    const v = virtualClock();
    const p = new DeletePacer({ now: v.now, sleep: v.sleep });
    const partition = new PartitionLimiter([], 3500, v.now);
    let admitted = 0;
    let refused = 0;
    // A caller with batches always ready, for 60 virtual seconds.
    while (v.clock.t < 60_000) {
      const ticket = await p.acquire(1000);
      if (partition.admit(Array.from({ length: 1000 }, () => 'tenants/acme/k'))) admitted += 1000;
      else {
        refused++;
        p.throttle(ticket);
      }
    }
    expect(admitted / 60).toBeGreaterThan(0.85 * 3500);
    expect(refused).toBeLessThanOrEqual(6);
  });

  test('callers waiting together are spaced at the rate of when each goes, so a cut reaches the next request', async () => {
    // Timers fire in time order, as on a real clock, while 16 callers wait at once (a purge has up to 32).
    let t = 0;
    const timers: { at: number; fire: () => void }[] = [];
    const p = new DeletePacer({
      initialRate: 2000, random: () => 0, now: () => t, sleep: (ms) => new Promise<void>((fire) => timers.push({ at: t + ms, fire })),
    });
    p.throttle(await p.acquire(1000)); // a 503 at the proven rate: 1400 keys/s from now on
    const sent: number[] = [];
    let rateAfterCut = Number.POSITIVE_INFINITY;
    let cutAt = 0;
    const callers = Array.from({ length: 16 }, async () => {
      const ticket = await p.acquire(1000);
      sent.push(t);
      // The partition refuses the third request: every request after it must go at the rate cut once more.
      if (sent.length === 3) {
        p.throttle(ticket);
        rateAfterCut = p.rate;
        cutAt = t;
      }
    });
    const idle = () => new Promise((r) => setImmediate(r));
    for (await idle(); timers.length > 0; await idle()) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift()!;
      t = Math.max(t, next.at);
      next.fire();
    }
    await Promise.all(callers);
    // The rate holds for two seconds after the cut (then it may climb again).
    const gaps = sent.slice(3).filter((at) => at < cutAt + 2000).map((at, i) => at - sent[i + 2]);
    expect(rateAfterCut).toBeLessThan(1400);
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual((1000 / rateAfterCut) * 1000 - 1);
  });

  test('a throttled pacer far below the partition rate (one of several sharing it) climbs back in seconds, not hours', async () => {
    const { pacer: p, clock } = pacer({ initialRate: 400, proofMs: 2000 });
    p.throttle(await p.acquire(1000)); // refused at its proven rate: 280 keys/s
    const cut = p.rate;
    expect(cut).toBeCloseTo(280);
    const at = clock.t;
    while (clock.t - at < 10_000) await p.acquire(1000);
    // Up to the 400 S3 refused, at least 50 keys/s per second (0.4 % per 1000 keys alone would be about 282);
    // above it, faster: S3 has not refused for seconds, so the neighbour it shared with may have gone.
    expect(p.rate).toBeGreaterThan(cut + 50 * 8);
  });

  test('up to the rate S3 refused the climb is additive; above it, it doubles per climbDoublingMs quiet, up to maxClimb', async () => {
    const gain = async (p: DeletePacer, clock: { t: number }, ms: number) => {
      const [from, at] = [p.rate, clock.t];
      while (clock.t - at < ms) await p.acquire(1000);
      return p.rate - from;
    };
    // Refused at 2000, fell back to 1000: below 2000 the climb is 50 keys/s per second.
    const below = pacer({ resume: { rate: 1000, proven: 1000, throttled: true, refused: 2000 }, climbDoublingMs: 1000, proofMs: 2000 });
    const additive = [await gain(below.pacer, below.clock, 4000), await gain(below.pacer, below.clock, 4000)];
    for (const g of additive) expect(g).toBeGreaterThan(150);
    for (const g of additive) expect(g).toBeLessThan(250);
    // At the rate S3 refused: 50, 100, 200, 400 keys/s per second over four quiet seconds.
    const above = pacer({ resume: { rate: 1000, proven: 1000, throttled: true, refused: 1000 }, climbDoublingMs: 1000, proofMs: 2000 });
    const [first, second] = [await gain(above.pacer, above.clock, 2000), await gain(above.pacer, above.clock, 2000)];
    expect(first).toBeGreaterThan(100);
    expect(first).toBeLessThan(400);
    expect(second).toBeGreaterThan(2 * first);
    // Never more than maxClimb a second (plus the 0.4 % per 1000 keys), however long the quiet.
    const capped = pacer({ resume: { rate: 1000, proven: 1000, throttled: true, refused: 1000 }, maxClimb: 400 });
    capped.clock.t += 60_000;
    expect(await gain(capped.pacer, capped.clock, 5000)).toBeLessThan(400 * 5 + 100);
    // By default 800: six fan-out children after a quiet spell climb by at most 4,800 keys/s a second together.
    const byDefault = pacer({ resume: { rate: 1000, proven: 1000, throttled: true, refused: 1000 } });
    byDefault.clock.t += 60_000;
    const climbed = await gain(byDefault.pacer, byDefault.clock, 5000);
    expect(climbed).toBeGreaterThan(700 * 5);
    expect(climbed).toBeLessThan(800 * 5.25); // the loop may run one request (a fifth of a second) past the 5 s
    // A throttle starts the doubling over: the rate holds for proofMs, then climbs at 50 keys/s per second again.
    above.pacer.throttle(await above.pacer.acquire(1000));
    const cutTo = above.pacer.rate;
    await gain(above.pacer, above.clock, 2000);
    expect(above.pacer.rate).toBeCloseTo(cutTo, 0);
    expect(await gain(above.pacer, above.clock, 1000)).toBeLessThan(120);
  });

  test('a pacer below the partition rate starts at a random point of its first interval: sharers do not start in a burst', async () => {
    // Six shards at 583 keys/s each: a 1000-key request every 1.7 s; the first goes somewhere in its first half.
    const sharer = pacer({ resume: sharedPace(6), random: () => 0.8 });
    await sharer.pacer.acquire(1000);
    expect(sharer.clock.slept).toHaveLength(1);
    expect(sharer.clock.slept[0]).toBeCloseTo(0.8 * 0.5 * (1000 / 583) * 1000, 0);
    // Alone at the partition's rate, a purge starts at once.
    const alone = pacer({ random: () => 0.8 });
    await alone.pacer.acquire(1000);
    expect(alone.clock.slept).toEqual([]);
  });

  test('a later slice resumes at the pace the earlier one left off, growing slowly once S3 has throttled', async () => {
    const first = pacer({ initialRate: 1000 });
    for (let i = 0; i < 4; i++) await first.pacer.acquire(1000);
    first.pacer.throttle(await first.pacer.acquire(1000));
    const left = first.pacer.checkpoint();
    expect(left).toMatchObject({ throttled: true, refused: expect.any(Number) });
    const { pacer: next } = pacer({ resume: left });
    expect(next.stats()).toMatchObject({ rate: left.rate, proven: left.proven });
    for (let i = 0; i < 3; i++) await next.acquire(1000);
    expect(next.rate).toBeLessThan(left.rate * 1.2); // no slow start (x1.5 per 1000 keys) into the 503s again
    // Before any 503 the resumed pacer slow-starts as a fresh one would.
    const { pacer: unthrottled } = pacer({ resume: { rate: 500, proven: 500, throttled: false } });
    for (let i = 0; i < 3; i++) await unthrottled.acquire(1000);
    expect(unthrottled.rate).toBeCloseTo(500 * 1.5 ** 2);
    expect(() => new DeletePacer({ resume: { rate: Number.NaN, proven: 1, throttled: false } })).toThrow(/resume\.rate/);
    expect(() => new DeletePacer({ resume: { rate: 1, proven: 1, throttled: true, refused: 0 } })).toThrow(/resume\.refused/);
  });

  test('shards that run together start at their share of the partition rate', () => {
    expect(sharedPace(1)).toEqual({ rate: PARTITION_DELETE_RATE, proven: PARTITION_DELETE_RATE, throttled: false });
    expect(sharedPace(8).rate).toBe(437);
    expect(() => sharedPace(0)).toThrow(/sharers/);
  });

  test('refuses settings that would stall or never slow down', () => {
    expect(() => new DeletePacer({ decrease: 1 })).toThrow(/decrease/);
    expect(() => new DeletePacer({ backoff: 1.2 })).toThrow(/backoff/);
    expect(() => new DeletePacer({ slowStart: 1 })).toThrow(/slowStart/);
    expect(() => new DeletePacer({ minRate: 0 })).toThrow(/minRate/);
    expect(() => new DeletePacer({ minRate: 500, maxRate: 100 })).toThrow(/minRate/);
  });
});
