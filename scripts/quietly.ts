/**
 * Runs an in-process synth without its console output (bundling lines, CDK's validation
 * warnings about the templates), for scripts whose own report is what the user needs.
 */
export function quietly<T>(run: () => T): T {
  const writes = [process.stdout.write, process.stderr.write];
  process.stdout.write = process.stderr.write = (() => true) as typeof process.stdout.write;
  try {
    return run();
  } finally {
    [process.stdout.write, process.stderr.write] = writes;
  }
}
