import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { validateConfig } from '../../lib/config/validate';
import { packOutcomes, renderSynthReport, stacksOf } from '../../scripts/synth-report';
import { testTempDir } from '../support/temp';

/** A cloud assembly with two stacks and the nag reports of two packs, as cdk synth writes them. */
function fakeAssembly(): string {
  const outdir = testTempDir('steward-report-');
  const stack = (name: string, region: string) => ({
    type: 'aws:cloudformation:stack',
    environment: `aws://unknown-account/${region}`,
    properties: { stackName: name },
  });
  writeFileSync(
    join(outdir, 'manifest.json'),
    JSON.stringify({
      artifacts: {
        'steward-eu-data': stack('steward-eu-data', 'eu-central-1'),
        'steward-us-replica': stack('steward-us-replica', 'us-west-2'),
        Tree: { type: 'cdk:tree' },
      },
    }),
  );
  const header = 'Rule ID,Resource ID,Compliance,Exception Reason,Rule Level,Rule Info\n';
  const row = (compliance: string) => `"R1","steward-eu-data/X","${compliance}","N/A","Error","info, with a comma"\n`;
  writeFileSync(
    join(outdir, 'AwsSolutions--steward-eu-data-NagReport.csv'),
    header + row('Compliant') + row('Suppressed') + row('Non-Compliant'),
  );
  writeFileSync(join(outdir, 'AwsSolutions--steward-us-replica-NagReport.csv'), header + row('Compliant'));
  writeFileSync(join(outdir, 'Steward--steward-eu-data-NagReport.csv'), header + row('Compliant') + row('Compliant'));
  return outdir;
}

describe('the synth report', () => {
  const outdir = fakeAssembly();

  test('counts passed, suppressed and failed checks per pack over every stack', () => {
    expect(packOutcomes(outdir)).toEqual([
      { pack: 'AwsSolutions', passed: 2, suppressed: 1, failed: 1 },
      { pack: 'Steward', passed: 2, suppressed: 0, failed: 0 },
    ]);
  });

  test('lists stacks per jurisdiction with their regions, where the reports are and whether the summary is current', () => {
    const report = renderSynthReport({
      config: validateConfig(DEFAULT_CONFIG), configSource: 'default configuration (EU + US)', outdir,
      stacks: stacksOf(outdir), packs: packOutcomes(outdir), staleDocuments: ['docs/security-summary.md'], cwd: outdir,
      bundles: [{ handler: 'tenant-export', bytes: 694_466 }],
    });
    expect(report).toMatch(/ {2}eu +1 stacks in eu-central-1 \(European Union; account of the deploying credentials\)/);
    expect(report).toMatch(/ {2}us +1 stacks in us-west-2/);
    expect(report).toMatch(/ {2}AwsSolutions +2 +1 +1/);
    expect(report).toMatch(/ {2}tenant-export +694 kB\n/);
    expect(report).toContain('Reports: ./*-NagReport.csv');
    expect(report).toContain('STALE: docs/security-summary.md: run `npm run docs`');
  });
});
