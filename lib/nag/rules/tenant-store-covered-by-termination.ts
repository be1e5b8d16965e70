import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { STORE_TAG } from '../../inventory/tags';
import { CONVENTION_TAG, DELETED_BY_TENANT_TERMINATION } from '../conventions';
import { isDataStore, tagsOf, type StewardRule } from '../rule-support';

/** Every store of tenant data is one the termination workflow deletes from. */
export const tenantStoreCoveredByTermination: StewardRule = {
  id: 'P-DELETE-ON-TERMINATION-TenantStoreCovered',
  promise: 'P-DELETE-ON-TERMINATION',
  scope: {
    judges: 'Buckets and tables tagged tenant-data: the steward:deleted-by tag of the termination workflow.',
    cannot: 'Whether the workflow really deletes from the store; its integration tests prove that.',
  },
  info: 'P-DELETE-ON-TERMINATION: a store of tenant data is not covered by the tenant termination workflow.',
  explanation:
    'After termination all of the tenant\'s data is deleted. Every store tagged steward:tenant-data=true must be tagged ' +
    'steward:deleted-by=tenant-termination by the termination workflow (declareDeletionCoverage in lib/nag/conventions.ts).',
  check: (node: CfnResource) => {
    if (!isDataStore(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = tagsOf(node);
    if (tags[STORE_TAG.tenantData] !== 'true') return NagRuleCompliance.NOT_APPLICABLE;
    return tags[CONVENTION_TAG.deletedBy] === DELETED_BY_TENANT_TERMINATION
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
