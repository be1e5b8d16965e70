import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { coversTcpPort, describeRule, egressRulesOf, fromInternet } from '../ingress';
import type { StewardRule } from '../rule-support';

/** Management protocols a platform could use to open a session to a device: SSH and NETCONF over SSH. */
export const DEVICE_MANAGEMENT_PORTS = [22, 830] as const;

/**
 * Devices connect out to the platform; the platform never opens a management session to a device:
 * no security group lets SSH (22) or NETCONF (830) out to the internet, where the devices are.
 */
export const noManagementEgressToDevices: StewardRule = {
  id: 'P-DEVICE-OUTBOUND-NoManagementEgressToDevices',
  promise: 'P-DEVICE-OUTBOUND',
  scope: {
    judges: 'Egress of every AWS::EC2::SecurityGroup (an absent egress list is AWS\'s allow-all) and AWS::EC2::SecurityGroupEgress.',
    cannot: 'Connections through a NAT or proxy outside the template, management over other ports, and network ACLs.',
  },
  info: 'P-DEVICE-OUTBOUND: a security group lets the platform open SSH or NETCONF connections to the internet.',
  explanation:
    'Device connections are outbound from the device. No egress rule to 0.0.0.0/0 or ::/0 may cover TCP 22 or 830 ' +
    '(all-protocol rules included); a group without egress rules gets AWS\'s allow-all egress and fails too.',
  check: (node: CfnResource) => {
    const rules = egressRulesOf(node);
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const open = rules.filter((r) => fromInternet(r) && DEVICE_MANAGEMENT_PORTS.some((p) => coversTcpPort(r, p))).map(describeRule);
    return open.length > 0 ? [...new Set(open)] : NagRuleCompliance.COMPLIANT;
  },
};
