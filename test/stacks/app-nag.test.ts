import { buildTestApp, nagErrors } from '../support/app';

describe('the default app under cdk-nag', () => {
  const built = buildTestApp();
  const stacks = built.flatMap((j) => [j.replica, j.data]);

  test.each(stacks.map((s) => [s.stackName, s] as const))('%s has no unsuppressed AwsSolutions errors', (_name, stack) => {
    expect(nagErrors(stack)).toEqual([]);
  });
});
