import { sleep as realSleep } from './retry';

export interface DeletePacerOptions {
  /** Keys per second to start at. @default 3500 (S3's floor per partition) */
  readonly initialRate?: number;
  /** The rate never drops below this, so a long SlowDown slows the run but never stalls it. @default 100 */
  readonly minRate?: number;
  /** The rate never rises above this. @default 350000 */
  readonly maxRate?: number;
  /** Factor applied on a throttle. @default 0.7 */
  readonly decrease?: number;
  /** Fraction of the rate added per 1000 keys confirmed after the first throttle. @default 0.03 */
  readonly increase?: number;
  /** Factor per 1000 keys confirmed before any throttle (slow start). @default 1.15 */
  readonly slowStart?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What a pacer has seen, for logs and the bench. */
export interface PacerStats {
  readonly rate: number;
  readonly throttles: number;
  readonly decreases: number;
  readonly waitedMs: number;
}

/**
 * Paces deletes with additive increase and multiplicative decrease (AIMD), like TCP: requests are
 * spaced so keys go out at `rate` per second; every 503 SlowDown cuts the rate (once per round of
 * requests, so a burst of 503s from requests already in flight counts once) and every confirmed
 * batch raises it again. Throttling therefore slows a purge down to what S3 admits while it splits
 * a prefix (which can take 30 to 60 minutes) and never fails it; the caller retries the refused
 * batch after the pacer lets it go again.
 */
export class DeletePacer {
  private rateNow: number;
  private nextSlot = 0;
  private epoch = 0;
  private throttled = false;
  private counts = { throttles: 0, decreases: 0, waitedMs: 0 };
  private readonly o: Required<Omit<DeletePacerOptions, 'now' | 'sleep'>>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: DeletePacerOptions = {}) {
    this.o = {
      initialRate: options.initialRate ?? 3500,
      minRate: options.minRate ?? 100,
      maxRate: options.maxRate ?? 350000,
      decrease: options.decrease ?? 0.7,
      increase: options.increase ?? 0.03,
      slowStart: options.slowStart ?? 1.15,
    };
    for (const [name, value] of Object.entries(this.o)) {
      if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name}: must be a positive number, got ${value}`);
    }
    if (this.o.decrease >= 1) throw new Error(`decrease: must be below 1, got ${this.o.decrease}`);
    this.rateNow = Math.min(this.o.maxRate, Math.max(this.o.minRate, this.o.initialRate));
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? realSleep;
  }

  get rate(): number {
    return this.rateNow;
  }

  stats(): PacerStats {
    return { rate: this.rateNow, ...this.counts };
  }

  /**
   * Waits for the slot of a request of `keys` keys and returns a ticket naming the round it was
   * sent in, to hand to `throttle` if S3 refuses it.
   */
  async acquire(keys: number): Promise<number> {
    const t = this.now();
    const start = Math.max(t, this.nextSlot);
    this.nextSlot = start + (keys / this.rateNow) * 1000;
    if (start > t) {
      this.counts.waitedMs += start - t;
      await this.sleep(start - t);
    }
    return this.epoch;
  }

  /** A batch of `keys` keys was confirmed: raise the rate. */
  confirmed(keys: number): void {
    const perThousand = keys / 1000;
    this.rateNow = this.throttled
      ? this.rateNow * (1 + this.o.increase * perThousand)
      : this.rateNow * this.o.slowStart ** perThousand;
    this.rateNow = Math.min(this.o.maxRate, this.rateNow);
  }

  /** S3 answered 503 SlowDown to a request sent with this ticket: cut the rate once per round. */
  throttle(ticket: number): void {
    this.counts.throttles++;
    this.throttled = true;
    if (ticket !== this.epoch) return;
    this.epoch++;
    this.counts.decreases++;
    this.rateNow = Math.max(this.o.minRate, this.rateNow * this.o.decrease);
    // Requests already paced at the old rate are pushed back to the new one.
    this.nextSlot = Math.max(this.nextSlot, this.now() + 1000 / (this.rateNow / 1000));
  }
}
