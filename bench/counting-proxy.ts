import { createServer, request, type Server } from 'node:http';

/**
 * An HTTP proxy in front of the moto server that counts every request passing through it and
 * can add a fixed latency to each: half before the request goes on, half before the answer comes
 * back, standing in for the network round trip to S3 that a local moto server does not have.
 */
export interface CountingProxy {
  readonly endpoint: string;
  /** Milliseconds added to every request from now on (0: none). */
  setLatency(ms: number): void;
  /** Requests seen since the last reset, by `METHOD ?operation`. */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Names an S3 request by method and its sub-resource query (`?versions`, `?delete`, ...). */
function operationOf(method: string, url: string): string {
  const query = url.split('?')[1] ?? '';
  const sub = query
    .split('&')
    .map((p) => p.split('=')[0])
    .filter((p) => ['versions', 'delete', 'tagging', 'policy', 'uploads'].includes(p));
  return `${method} ?${sub.join('&')}`;
}

/** Runs `then` after `ms` milliseconds, or right away when there is no latency to add. */
function after(ms: number, then: () => void): void {
  if (ms > 0) setTimeout(then, ms);
  else then();
}

export function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  let counts: Record<string, number> = {};
  let latencyMs = 0;
  const server: Server = createServer((req, res) => {
    const op = operationOf(req.method ?? 'GET', req.url ?? '/');
    counts[op] = (counts[op] ?? 0) + 1;
    const halfTrip = latencyMs / 2;
    const forward = () => {
      const upstream = request(
        { hostname, port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          if ((up.statusCode ?? 502) >= 500) counts[`${op} -> ${up.statusCode}`] = (counts[`${op} -> ${up.statusCode}`] ?? 0) + 1;
          after(halfTrip, () => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          });
        },
      );
      upstream.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      req.pipe(upstream);
    };
    after(halfTrip, forward);
  });
  server.keepAliveTimeout = 60000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      resolve({
        endpoint,
        setLatency: (ms) => {
          latencyMs = ms;
        },
        counts: () => ({ ...counts }),
        total: () => Object.values(counts).reduce((a, b) => a + b, 0),
        reset: () => {
          counts = {};
        },
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
