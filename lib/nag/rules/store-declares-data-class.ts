import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isDataClassId } from '../../inventory/data-classes';
import { isDataStore, tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/** Every bucket and table names a data class of the inventory. */
export const storeDeclaresDataClass: StewardRule = {
  id: 'P-METADATA-ONLY-StoreDeclaresDataClass',
  promise: 'P-METADATA-ONLY',
  scope: {
    judges: `Every bucket and table: the ${TAG.dataClass} tag names a class of the inventory.`,
    cannot: 'Whether the data written into the store matches its class.',
  },
  info: `P-METADATA-ONLY: the store has no ${TAG.dataClass} tag naming a class of the data inventory.`,
  explanation:
    `Only declared metadata is stored: every bucket and table must carry ${TAG.dataClass} with a class of ` +
    'lib/inventory/data-classes.ts, which declares its fields, purpose and retention.',
  check: (node: CfnResource) => {
    if (!isDataStore(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const classId = tagsOf(node)[TAG.dataClass];
    return classId !== undefined && isDataClassId(classId) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
