import { Aspects, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildTestApp, nagErrors, newTestApp } from '../support/app';

describe('the default app under cdk-nag (AwsSolutions, NIST 800-53 r5, HIPAA, PCI DSS, Steward)', () => {
  const built = buildTestApp();
  const stacks = built.flatMap((j) => [j.replica, j.data, j.network, j.operatorAccess, j.frontEnd, j.portalUsers, j.tenantLifecycle]);

  test.each(stacks.map((s) => [s.stackName, s] as const))('%s has no unsuppressed errors', (_name, stack) => {
    expect(nagErrors(stack)).toEqual([]);
  });
});

describe('the nag check itself', () => {
  test('reports an unsuppressed finding, so the zero above is meaningful', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'Violating', { env: { region: 'eu-central-1' } });
    new s3.Bucket(stack, 'PlainBucket');
    Aspects.of(app).add(new AwsSolutionsChecks());
    expect(nagErrors(stack)).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-S10: /)]));
  });
});
