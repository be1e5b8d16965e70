import { Aspects, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NIST80053R5Checks } from 'cdk-nag';
import { suppressInCompliancePacks } from '../../lib/constructs/compliance-suppressions';
import { nagErrors, newTestApp } from '../support/app';

function stackWithOpenGroup(suppress: boolean) {
  const app = newTestApp();
  const stack = new Stack(app, 'Packs', { env: { region: 'eu-central-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-central-1a'], natGateways: 0, subnetConfiguration: [] });
  const sg = new ec2.SecurityGroup(stack, 'Open', { vpc, description: 'open on purpose' });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(3389));
  if (suppress) suppressInCompliancePacks(sg, 'EC2RestrictedCommonPorts', 'test reason');
  Aspects.of(app).add(new NIST80053R5Checks());
  return { stack, sg };
}

describe('suppressInCompliancePacks', () => {
  test('names the rule once per compliance pack, with the reason, on the one resource', () => {
    const { sg } = stackWithOpenGroup(true);
    const metadata = (sg.node.defaultChild as ec2.CfnSecurityGroup).getMetadata('cdk_nag');
    expect(metadata.rules_to_suppress).toEqual([
      { id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: 'test reason' },
      { id: 'HIPAA.Security-EC2RestrictedCommonPorts', reason: 'test reason' },
      { id: 'PCI.DSS.321-EC2RestrictedCommonPorts', reason: 'test reason' },
    ]);
  });

  test('silences the pack finding that is otherwise reported', () => {
    const findings = (suppress: boolean) =>
      nagErrors(stackWithOpenGroup(suppress).stack).filter((f) => f.startsWith('NIST.800.53.R5-EC2RestrictedCommonPorts'));
    expect(findings(false)).toHaveLength(1);
    expect(findings(true)).toEqual([]);
  });
});
