import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../lib/config/load';
import { NagFindingsRecorder } from '../../lib/nag/nag-findings-recorder';
import { buildStewardApp } from '../../lib/steward-app';
import { newTestApp } from '../support/app';

/**
 * The one full synth of config/examples/three-jurisdictions.json: EU, US and Canada, with an
 * account set. Synth must stay offline (no context lookup) and clean (every pack and CDK's own
 * CloudFormation validation pass, as in `cdk synth`).
 */
const config = loadConfig(join(__dirname, '..', '..', 'config', 'examples', 'three-jurisdictions.json'));
const app = newTestApp(undefined, { cloudFormationValidation: true });
const recorder = new NagFindingsRecorder();
const built = buildStewardApp(app, config, { nagLoggers: [recorder] });
const assembly = app.synth();

describe('the three-jurisdiction example with an account set', () => {
  test('needs no context lookup: nothing is missing from the cloud assembly', () => {
    expect(assembly.manifest.missing).toBeUndefined();
  });

  test('is clean: no pack reports an unsuppressed finding', () => {
    const failing = recorder.records.filter((r) => r.outcome === 'non-compliant' || r.outcome === 'error');
    expect(failing.map((r) => `${r.ruleId} ${r.path}`)).toEqual([]);
  });

  test('deploys every stack to the configured account, Canada in its own regions and real zones', () => {
    expect(new Set(assembly.stacks.map((s) => s.environment.account))).toEqual(new Set(['111122223333']));
    const ca = built.find((b) => b.jurisdiction.id === 'ca');
    expect([ca?.data.region, ca?.replica.region]).toEqual(['ca-central-1', 'ca-west-1']);
    const zones = Object.values(Template.fromStack(ca!.network).findResources('AWS::EC2::Subnet')).map(
      (s) => s.Properties.AvailabilityZone,
    );
    expect(new Set(zones)).toEqual(new Set(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']));
  });
});
