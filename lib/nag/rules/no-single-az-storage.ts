import type { CfnResource } from 'aws-cdk-lib';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { lifecycleRules } from '../lifecycle';
import { resolved, type StewardRule } from '../rule-support';

/** S3 storage classes that keep data in one availability zone (or with reduced redundancy). */
const SINGLE_AZ_CLASSES = new Set(['ONEZONE_IA', 'REDUCED_REDUNDANCY', 'EXPRESS_ONEZONE']);

/** No lifecycle transition or replica lands in a single-AZ storage class; no one-zone file system. */
export const noSingleAzStorage: StewardRule = {
  id: 'P-RESILIENCE-NoSingleAzStorage',
  promise: 'P-RESILIENCE',
  scope: {
    judges: 'Bucket lifecycle transitions and replication storage classes; EFS file systems.',
    cannot: 'Objects uploaded directly with a single-AZ storage class.',
  },
  info: 'P-RESILIENCE: data is moved to, replicated into or stored in a single-AZ storage class.',
  explanation:
    'Data is replicated across availability zones: lifecycle transitions and replication destinations must not use ' +
    'ONEZONE_IA, REDUCED_REDUNDANCY or EXPRESS_ONEZONE, and EFS file systems must not be One Zone.',
  check: (node: CfnResource) => {
    if (node instanceof efs.CfnFileSystem) {
      return node.availabilityZoneName === undefined ? NagRuleCompliance.COMPLIANT : ['one-zone-file-system'];
    }
    if (!(node instanceof s3.CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const findings = new Set<string>();
    for (const r of lifecycleRules(node)) {
      for (const t of [...(r.transitions ?? []), ...(r.noncurrentVersionTransitions ?? [])]) {
        if (SINGLE_AZ_CLASSES.has(String(t.storageClass))) findings.add(`transition:${t.storageClass}`);
      }
    }
    const replication = resolved(node, node.replicationConfiguration) as
      { rules?: { destination?: { storageClass?: string } }[] } | undefined;
    for (const r of replication?.rules ?? []) {
      if (SINGLE_AZ_CLASSES.has(String(r.destination?.storageClass))) findings.add(`replica:${r.destination?.storageClass}`);
    }
    return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
  },
};
