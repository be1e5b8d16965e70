import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { dataClass, isDataClassId } from '../../inventory/data-classes';
import { isDataStore, tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/**
 * Every classified store states its retention as its class allows: `tenancy` for a class kept for
 * the tenancy, `<N>d` with N inside the class's range for a day-bounded one.
 */
export const storeDeclaresRetention: StewardRule = {
  id: 'P-RETENTION-StoreDeclaresRetention',
  promise: 'P-RETENTION',
  scope: {
    judges: `The ${TAG.retention} tag of every classified bucket, table and log group, against its data class.`,
    cannot: 'Whether the store\'s own expiry matches the tag; the bucket, log-group and cache rules judge that per store type.',
  },
  info: `P-RETENTION: the store's ${TAG.retention} tag is missing or does not fit its data class.`,
  explanation:
    `Nothing is kept longer than its declared retention, so each store declares it: ${TAG.retention} must be \`tenancy\` ` +
    'for a class kept for the tenancy, or `<N>d` with N inside the class\'s declared range.',
  check: (node: CfnResource) => {
    if (!isDataStore(node) && node.cfnResourceType !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    const tags = tagsOf(node);
    const classId = tags[TAG.dataClass];
    if (classId === undefined || !isDataClassId(classId)) return NagRuleCompliance.NOT_APPLICABLE;
    const { retention } = dataClass(classId);
    const label = tags[TAG.retention] ?? '';
    if (retention.kind === 'tenancy') return label === 'tenancy' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    const days = /^(\d+)d$/.exec(label) ? Number(label.slice(0, -1)) : NaN;
    return days >= retention.minDays && days <= retention.maxDays ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
