import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isDataStore, tagsOf, type StewardRule } from '../rule-support';
import { TAG, TAG_VALUE } from '../../vocabulary';

/** Every store of tenant data is one the termination workflow deletes from. */
export const tenantStoreCovered: StewardRule = {
  id: 'P-DELETE-ON-TERMINATION-TenantStoreCovered',
  promise: 'P-DELETE-ON-TERMINATION',
  scope: {
    judges: `Buckets and tables tagged tenant-data: the ${TAG.deletedBy} tag of the termination workflow.`,
    cannot: 'Whether the workflow really deletes from the store; its integration tests prove that.',
  },
  info: 'P-DELETE-ON-TERMINATION: a store of tenant data is not covered by the tenant termination workflow.',
  explanation:
    `After termination all of the tenant's data is deleted. Every store tagged ${TAG.tenantData}=true must be tagged ` +
    `${TAG.deletedBy}=tenant-termination by the termination workflow (declareDeletionCoverage in lib/nag/conventions.ts).`,
  check: (node: CfnResource) => {
    if (!isDataStore(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = tagsOf(node);
    if (tags[TAG.tenantData] !== 'true') return NagRuleCompliance.NOT_APPLICABLE;
    return tags[TAG.deletedBy] === TAG_VALUE.deletedByTenantTermination
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
