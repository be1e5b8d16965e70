import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LAMBDA = join(__dirname, '..', '..', 'lambda');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
const handlers = readdirSync(LAMBDA).filter((d) => existsSync(join(LAMBDA, d, 'handler.ts')));

describe('handler adapters', () => {
  test('every SDK client is built by sdkClient, so its retries are the configured ones and its calls are traced', () => {
    const direct = sources(LAMBDA)
      .filter((f) => !f.endsWith(join('shared', 'sdk-clients.ts')))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/new ([A-Z][A-Za-z0-9]*Client)\(/g)].map((m) => `${f}: ${m[1]}`));
    expect(direct).toEqual([]);
  });

  test('every adapter logs with the Lambda context (its handler is wrapped by withLambdaContext)', () => {
    expect(handlers.length).toBeGreaterThan(10);
    const unwrapped = handlers.filter(
      (h) => !/^export const handler = withLambdaContext\(log, /m.test(readFileSync(join(LAMBDA, h, 'handler.ts'), 'utf8')),
    );
    expect(unwrapped).toEqual([]);
  });
});
