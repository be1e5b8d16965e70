import type { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, renderedProperties, resolved, resolvedList, type StewardRule } from '../rule-support';

interface Ebs {
  encrypted?: unknown;
  kmsKeyId?: unknown;
}

const encryptedWithKey = (ebs: Ebs | undefined): boolean => ebs !== undefined && isTrue(ebs.encrypted) && ebs.kmsKeyId !== undefined;

/** Block devices of a mapping that are not encrypted with a named key, as finding ids. */
function unencryptedDevices(mappings: { deviceName?: string; ebs?: Ebs }[]): string[] {
  return mappings.filter((m) => m.ebs !== undefined && !encryptedWithKey(m.ebs)).map((m) => `device:${m.deviceName}`);
}

/** EBS volumes, instance and launch-template block devices are encrypted with a named KMS key. */
export const volumeEncryptedWithCmk: StewardRule = {
  id: 'P-ENCRYPT-REST-VolumeEncryptedWithCmk',
  promise: 'P-ENCRYPT-REST',
  scope: {
    judges:
      'EBS volumes and block device mappings of instances, launch templates and launch configurations (which cannot name ' +
      'a key, so any EBS device fails).',
    cannot: 'Volumes attached at run time.',
  },
  info: 'P-ENCRYPT-REST: an EBS volume or block device is not encrypted with a customer-managed KMS key.',
  explanation: 'Server disks are stores too: every EBS volume and block device mapping must set Encrypted true and a KmsKeyId.',
  check: (node: CfnResource) => {
    let findings: string[];
    if (node instanceof ec2.CfnVolume) {
      findings = encryptedWithKey({ encrypted: resolved(node, node.encrypted), kmsKeyId: node.kmsKeyId }) ? [] : ['volume'];
    } else if (node instanceof ec2.CfnInstance) {
      findings = unencryptedDevices(resolvedList(node, node.blockDeviceMappings));
    } else if (node.cfnResourceType === 'AWS::AutoScaling::LaunchConfiguration') {
      // A launch configuration cannot name a KMS key, so any EBS device it maps fails.
      const mappings = (renderedProperties(node).BlockDeviceMappings ?? []) as { DeviceName?: string; Ebs?: unknown }[];
      findings = mappings.filter((m) => m.Ebs !== undefined).map((m) => `device:${m.DeviceName}`);
    } else if (node instanceof ec2.CfnLaunchTemplate) {
      const data = resolved(node, node.launchTemplateData) as { blockDeviceMappings?: { deviceName?: string; ebs?: Ebs }[] } | undefined;
      findings = unencryptedDevices(data?.blockDeviceMappings ?? []);
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
