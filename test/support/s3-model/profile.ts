/**
 * How long the model takes to answer, per operation: a fixed part, a part per item (listing
 * entries returned, keys in a DeleteObjects) and a jitter, so that a 1000-key delete costs what it
 * costs on S3 and requests in flight together overlap instead of queueing.
 */
export interface OperationLatency {
  /** Milliseconds every request of this operation takes. */
  readonly baseMs: number;
  /** Milliseconds added per item. @default 0 */
  readonly perItemMs?: number;
  /** Uniform jitter as a fraction of the service time: 0.1 means ±10 %. @default 0 */
  readonly jitter?: number;
}

export interface LatencyProfile {
  readonly list: OperationLatency;
  readonly delete: OperationLatency;
  /** Every other operation (puts, bucket settings, 503 answers). */
  readonly other: OperationLatency;
}

/** The default: a 1000-entry listing in about 0.3 s, a 1000-key delete in about 1.0 s. */
export const DEFAULT_PROFILE: LatencyProfile = {
  list: { baseMs: 20, perItemMs: 0.28, jitter: 0.1 },
  delete: { baseMs: 20, perItemMs: 0.98, jitter: 0.1 },
  other: { baseMs: 5, jitter: 0.1 },
};

/** No latency at all: for correctness tests that only need S3's semantics. */
export const INSTANT_PROFILE: LatencyProfile = {
  list: { baseMs: 0 },
  delete: { baseMs: 0 },
  other: { baseMs: 0 },
};

/** Service time of one request, in milliseconds. */
export function serviceTime(latency: OperationLatency, items: number, random: () => number = Math.random): number {
  const base = latency.baseMs + (latency.perItemMs ?? 0) * items;
  const jitter = latency.jitter ?? 0;
  return Math.max(0, base * (1 + jitter * (2 * random() - 1)));
}

/** S3's documented floor per partitioned prefix: 3,500 PUT/COPY/POST/DELETE per second. */
export const KEYS_PER_SECOND_PER_PARTITION = 3500;

/**
 * Per-partition admission: a token bucket per partition prefix refilled at `keysPerSecond`, holding
 * at most one second of tokens. A DeleteObjects whose keys do not all fit is refused with 503
 * SlowDown and deletes nothing, as S3 does while it has not split a prefix.
 */
export class PartitionLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Partition prefixes, longest first; the empty prefix is the bucket's one partition by default. */
  private readonly prefixes: string[];

  constructor(
    prefixes: readonly string[],
    private readonly keysPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.prefixes = [...new Set(['', ...prefixes])].sort((a, b) => b.length - a.length);
  }

  partitionOf(key: string): string {
    return this.prefixes.find((p) => key.startsWith(p)) ?? '';
  }

  /** Takes the tokens for these keys if every partition has them; otherwise takes none. */
  admit(keys: readonly string[]): boolean {
    const wanted = new Map<string, number>();
    for (const k of keys) {
      const p = this.partitionOf(k);
      wanted.set(p, (wanted.get(p) ?? 0) + 1);
    }
    const t = this.now();
    const states = [...wanted].map(([p, n]) => {
      let s = this.buckets.get(p);
      if (!s) {
        s = { tokens: this.keysPerSecond, at: t };
        this.buckets.set(p, s);
      }
      s.tokens = Math.min(this.keysPerSecond, s.tokens + ((t - s.at) / 1000) * this.keysPerSecond);
      s.at = t;
      return { s, n };
    });
    if (states.some(({ s, n }) => s.tokens < n)) return false;
    for (const { s, n } of states) s.tokens -= n;
    return true;
  }
}
