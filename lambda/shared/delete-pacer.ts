import { sleep as realSleep } from './retry';
import { S3_BATCH_LIMIT } from './s3-delete';

/** Keys per second S3 admits on any partitioned prefix (its documented floor for DELETE). */
export const PARTITION_DELETE_RATE = 3500;

export interface DeletePacerOptions {
  /**
   * Keys per second to start at, taken as proven: S3 admits it on any partition.
   * @default PARTITION_DELETE_RATE (S3's documented floor per partitioned prefix)
   */
  readonly initialRate?: number;
  /** The rate never drops below this, so a long SlowDown slows the run but never stalls it. @default 100 */
  readonly minRate?: number;
  /** The rate never rises above this. @default 350000 */
  readonly maxRate?: number;
  /** Factor applied to the proven rate when S3 refuses it (someone else shares the partition). @default 0.7 */
  readonly decrease?: number;
  /** Factor of the proven rate a failed probe falls back to, so S3's burst allowance refills. @default 0.9 */
  readonly backoff?: number;
  /** Fraction of the rate added per 1000 keys sent while paced, once S3 has throttled. @default 0.004 */
  readonly increase?: number;
  /**
   * Keys per second the rate gains at least per second of paced sending once S3 has throttled,
   * so a pacer far below the partition's rate (one of several sharing it) climbs back in seconds,
   * not in the better part of an hour the fraction alone takes from a few hundred keys per second. @default 50
   */
  readonly climb?: number;
  /**
   * Above the rate S3 last refused, the climb doubles for every this many milliseconds without a
   * throttle: a pacer that a 503 left below its share (one of several sharing a partition) takes
   * back what the others leave when they finish within seconds, while below that rate, where S3
   * refused, the climb stays additive. @default 500
   */
  readonly climbDoublingMs?: number;
  /**
   * The climb never exceeds this (keys per second per second), so a long quiet spell ends in a probe,
   * not a leap: six fan-out children that all climb add at most 4,800 keys/s a second. @default 800
   */
  readonly maxClimb?: number;
  /** Factor per 1000 keys sent while paced, before S3 has throttled (slow start). @default 1.5 */
  readonly slowStart?: number;
  /**
   * A rate held this long without a throttle is proven, and a cut holds this long (S3's burst
   * allowance, about a second on the model, refills).
   * @default 2000 for a pacer that starts at PARTITION_DELETE_RATE or above (alone in its
   * partition: a longer hold probes S3's limit less often); 1000 for one that starts below it
   * (a share of a partition, or resumed where S3 refused less: what neighbours leave when they
   * finish is taken back within seconds)
   */
  readonly proofMs?: number;
  /**
   * Where the pacer of an earlier slice of the same work left off: its rate and proven rate
   * replace `initialRate`, and once S3 has throttled it, growth stays slow. @default a fresh start
   */
  readonly resume?: PaceCheckpoint;
  /** Where in its first interval a pacer below a partition's rate starts (see the class). @default Math.random */
  readonly random?: () => number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * What the next slice of a purge needs to go on at the pace this one found, instead of probing
 * S3 from the start again (with several slices sharing a partition, a fresh start of each would
 * be a burst of 503s each time).
 */
export interface PaceCheckpoint {
  readonly rate: number;
  readonly proven: number;
  /** S3 has throttled this work: growth is additive, not slow start. */
  readonly throttled: boolean;
  /** Where S3 last refused (see `DeletePacer.throttle`), above which the climb accelerates. @default the rate */
  readonly refused?: number;
}

/**
 * The pace to start at when `sharers` purges may delete in the same partition at once (the shards
 * of one bucket copy that a fan-out runs together): their share of what S3 admits on any
 * partition, so their first requests do not add up to a burst of 503s. Each climbs from there
 * (slow start) when its keys have a partition to themselves.
 */
export function sharedPace(sharers: number): PaceCheckpoint {
  if (!(Number.isInteger(sharers) && sharers >= 1)) throw new Error(`sharers: must be a whole number of at least 1, got ${sharers}`);
  // Whole keys per second: the pace travels in the execution's state, where every byte counts.
  const rate = Math.floor(PARTITION_DELETE_RATE / sharers);
  return { rate, proven: rate, throttled: false };
}

/** What a pacer has seen, for logs and the bench. */
export interface PacerStats {
  readonly rate: number;
  /** The highest rate S3 has been seen to sustain. */
  readonly proven: number;
  readonly throttles: number;
  readonly decreases: number;
  readonly waitedMs: number;
}

/**
 * Paces deletes: requests are spaced so keys go out at `rate` per second. The rate starts at one
 * S3 admits on any partition and grows only while the pacer is what holds deletes back (a rate
 * nobody uses proves nothing): fast before the first 503 SlowDown (slow start), slowly after it,
 * and not at all for `proofMs` after a cut.
 * The keys per second S3 admitted over `proofMs` without a throttle are proven. A 503 to a probe
 * above the proven rate falls back just below it (so S3's burst allowance refills), and 503s soon
 * after that only ease the rate a little more; a 503 at the proven rate otherwise means the
 * partition is shared or smaller than thought, and cuts it multiplicatively. A burst of 503s from
 * requests sent before a cut counts once. Throttling therefore slows a purge to what S3 admits
 * while it splits a prefix (30 to 60 minutes) and never fails it: the caller retries the refused
 * batch when the pacer lets it go again.
 * After a throttle the climb stays additive up to the rate S3 refused and accelerates above it,
 * so a pacer that a 503 cut below its share regains what neighbours leave in seconds.
 * A pacer that starts below a partition's rate is one of several that may share it (the shards
 * of a fan-out start together, each with its first page listed at about the same moment): it
 * starts at a random point in the first half of its first request's interval, so their first
 * deletes do not arrive at S3 as one burst larger than the partition's burst allowance.
 */
export class DeletePacer {
  private rateNow: number;
  private proven: number;
  /** Keys sent since `at`; their rate becomes proven if no throttle comes before `at + proofMs`. */
  private window: { keys: number; at: number };
  private nextSlot = 0;
  /** Settles once the last caller to arrive has been let go. */
  private line: Promise<void> = Promise.resolve();
  private cutAt = Number.NEGATIVE_INFINITY;
  private probeFailedAt = Number.NEGATIVE_INFINITY;
  private epoch = 0;
  private throttled = false;
  /** The rate S3 last refused: above it the climb accelerates. */
  private refused: number;
  /** Since when no throttle has held the rate (the climb doubles per `climbDoublingMs` of it). */
  private quietSince: number;
  private counts = { throttles: 0, decreases: 0, waitedMs: 0 };
  private readonly o: Required<Omit<DeletePacerOptions, 'now' | 'sleep' | 'resume' | 'random'>>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: DeletePacerOptions = {}) {
    const minRate = options.minRate ?? 100;
    const maxRate = options.maxRate ?? 350000;
    // The rate it really starts at, as clamped below: a cap under the partition's rate makes a share.
    const startRate = Math.min(maxRate, Math.max(minRate, options.resume?.rate ?? options.initialRate ?? PARTITION_DELETE_RATE));
    this.o = {
      initialRate: options.initialRate ?? PARTITION_DELETE_RATE,
      minRate,
      maxRate,
      decrease: options.decrease ?? 0.7,
      backoff: options.backoff ?? 0.9,
      increase: options.increase ?? 0.004,
      climb: options.climb ?? 50,
      climbDoublingMs: options.climbDoublingMs ?? 500,
      maxClimb: options.maxClimb ?? 800,
      slowStart: options.slowStart ?? 1.5,
      proofMs: options.proofMs ?? (startRate >= PARTITION_DELETE_RATE ? 2000 : 1000),
    };
    for (const [name, value] of Object.entries(this.o)) {
      if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name}: must be a positive number, got ${value}`);
    }
    if (this.o.decrease >= 1) throw new Error(`decrease: must be below 1, got ${this.o.decrease}`);
    if (this.o.backoff >= 1) throw new Error(`backoff: must be below 1, got ${this.o.backoff}`);
    if (this.o.slowStart <= 1) throw new Error(`slowStart: must be above 1, got ${this.o.slowStart}`);
    if (this.o.minRate > this.o.maxRate) throw new Error(`minRate: must not exceed maxRate (${this.o.maxRate}), got ${this.o.minRate}`);
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? realSleep;
    const resume = options.resume;
    if (resume) {
      for (const name of ['rate', 'proven', ...(resume.refused === undefined ? [] : ['refused'] as const)] as const) {
        if (!(Number.isFinite(resume[name]) && resume[name]! > 0)) {
          throw new Error(`resume.${name}: must be a positive number, got ${resume[name]}`);
        }
      }
    }
    this.rateNow = startRate;
    this.proven = resume ? this.clamp(resume.proven) : this.rateNow;
    this.throttled = resume?.throttled === true;
    this.refused = resume?.refused ?? this.rateNow;
    const t = this.now();
    this.window = { keys: 0, at: t };
    this.quietSince = t;
    if (this.rateNow < PARTITION_DELETE_RATE) {
      this.nextSlot = t + (options.random ?? Math.random)() * 0.5 * (S3_BATCH_LIMIT / this.rateNow) * 1000;
    }
  }

  get rate(): number {
    return this.rateNow;
  }

  stats(): PacerStats {
    return { rate: this.rateNow, proven: this.proven, ...this.counts };
  }

  /** What a later slice hands `resume` to go on from here. */
  checkpoint(): PaceCheckpoint {
    this.prove(this.now());
    return this.throttled
      ? { rate: this.rateNow, proven: this.proven, throttled: true, refused: this.refused }
      : { rate: this.rateNow, proven: this.proven, throttled: false };
  }

  /**
   * Waits for the slot of a request of `keys` keys and returns a ticket naming the round it was
   * sent in, to hand to `throttle` if S3 refuses it.
   */
  async acquire(keys: number): Promise<number> {
    // Callers take their slots one at a time, each when the one before it has gone: a slot booked
    // ahead by a waiting caller would be spaced at the rate of when it was booked, so a cut or a
    // climb would reach S3 only after every request already waiting (seconds later, 32 deep).
    const turn = this.line;
    let leave!: () => void;
    this.line = new Promise<void>((r) => (leave = r));
    await turn;
    try {
      return await this.take(keys);
    } finally {
      leave();
    }
  }

  private async take(keys: number): Promise<number> {
    for (let first = true; ; first = false) {
      const t = this.now();
      this.prove(t);
      const start = Math.max(t, this.nextSlot);
      // After a cut the rate holds for `proofMs`, so S3's burst allowance refills before the next probe.
      if (first && start > t && t - this.cutAt >= this.o.proofMs) {
        // The pacer is what holds this request back: a higher rate would be used, so try one.
        const perThousand = keys / 1000;
        const climb = this.rateNow >= this.refused
          ? Math.min(this.o.maxClimb, this.o.climb * 2 ** (Math.max(0, t - this.quietSince) / this.o.climbDoublingMs))
          : this.o.climb;
        const grown = this.throttled
          ? this.rateNow + Math.max(this.rateNow * this.o.increase * perThousand, (climb * keys) / this.rateNow)
          : this.rateNow * this.o.slowStart ** perThousand;
        this.rateNow = this.clamp(grown);
      }
      const round = this.epoch;
      if (start > t) {
        this.counts.waitedMs += start - t;
        await this.sleep(start - t);
      }
      // Cut while this request waited: its slot is taken again, at the new rate.
      if (this.epoch !== round) continue;
      this.nextSlot = start + (keys / this.rateNow) * 1000;
      this.window.keys += keys;
      return round;
    }
  }

  /** S3 answered 503 SlowDown to a request sent with this ticket: fall back, once per round. */
  throttle(ticket: number): void {
    this.counts.throttles++;
    this.throttled = true;
    if (ticket !== this.epoch) return;
    this.epoch++;
    this.counts.decreases++;
    const t = this.now();
    this.prove(t);
    // Where S3 said stop: the rate sent, or for a probe above the proven rate, that proven rate (the most S3 admitted).
    this.refused = Math.min(this.rateNow, this.proven);
    if (this.rateNow > this.proven) {
      this.rateNow = this.clamp(this.proven * this.o.backoff);
      this.probeFailedAt = t;
    } else if (t - this.probeFailedAt < 2 * this.o.proofMs) {
      // Still the aftermath of our own overshoot (S3's burst allowance is empty): ease off, keep the proven rate.
      this.rateNow = this.clamp(this.rateNow * this.o.backoff);
    } else {
      this.proven = this.clamp(this.rateNow * this.o.decrease);
      this.rateNow = this.proven;
    }
    this.window = { keys: 0, at: t };
    this.cutAt = t;
    this.quietSince = t + this.o.proofMs;
    // Requests already paced at the old rate are pushed back to the new one.
    this.nextSlot = Math.max(this.nextSlot, t + 1e6 / this.rateNow);
  }

  /**
   * Promotes what S3 admitted over the last `proofMs` without a throttle: the keys actually sent,
   * not the rate allowed (a rate the callers never used proves nothing).
   */
  private prove(t: number): void {
    const elapsed = t - this.window.at;
    if (elapsed < this.o.proofMs) return;
    this.proven = this.clamp(Math.max(this.proven, Math.min(this.rateNow, (this.window.keys / elapsed) * 1000)));
    this.window = { keys: 0, at: t };
  }

  private clamp(rate: number): number {
    return Math.min(this.o.maxRate, Math.max(this.o.minRate, rate));
  }
}
