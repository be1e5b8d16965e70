import { judgeRenderedStacks } from '../../lib/nag/rendered-template-checks';

// Under `cdk synth` the CLI sets CDK_OUTDIR, and every App made in the process then synthesizes
// itself at exit; the judge's scratch app must not, or the CLI synth fails after the judge has
// removed its scratch directory.
test('the judge\'s scratch app does not synthesize itself at process exit under the CDK CLI', () => {
  const before = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = '/nonexistent-cdk-outdir';
  const listeners = process.listenerCount('beforeExit');
  try {
    judgeRenderedStacks([{ stackName: 'judged', region: 'eu-central-1', template: { Resources: {} } }]);
    expect(process.listenerCount('beforeExit')).toBe(listeners);
  } finally {
    if (before === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = before;
  }
});
