import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { dataClass, isDataClassId } from '../../inventory/data-classes';
import { isDataStore, tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/**
 * Every classified store states whether it holds opt-in data (`steward:opt-in`), and the
 * statement matches the inventory, so opt-in data never shares a store with other data.
 */
export const optInStoreDeclared: StewardRule = {
  id: 'P-OPT-IN-OptInStoreDeclared',
  promise: 'P-OPT-IN',
  scope: {
    judges: `Classified buckets and tables: the ${TAG.optIn} tag against the data class.`,
    cannot: 'Which tenants have opted in; the write guard of the bucket policy enforces that at run time.',
  },
  info: `P-OPT-IN: the store's ${TAG.optIn} tag is missing or disagrees with its data class.`,
  explanation:
    'Backups, templates and advanced-reporting logs exist only for tenants who opted in, so they live in stores of their ' +
    `own: each classified store must carry ${TAG.optIn} equal to its data class's optIn.`,
  check: (node: CfnResource) => {
    if (!isDataStore(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = tagsOf(node);
    const classId = tags[TAG.dataClass];
    if (classId === undefined || !isDataClassId(classId)) return NagRuleCompliance.NOT_APPLICABLE;
    return tags[TAG.optIn] === String(dataClass(classId).optIn) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
