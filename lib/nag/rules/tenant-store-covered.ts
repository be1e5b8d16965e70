import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { dataClass, isDataClassId } from '../../inventory/data-classes';
import { jurisdictionStampOf } from '../conventions';
import { appResourcesOfType, resourcesReferencedIn } from '../references';
import { flattened, isDataStore, renderedProperties, tagsOf, type RenderedProps, type StewardRule } from '../rule-support';
import { ENV, TAG } from '../../vocabulary';

/** The environments of the termination workflow's functions in the store's jurisdiction: the ones given its catalogue of stores. */
function terminationEnvironments(store: CfnResource): { fn: CfnResource; variables: RenderedProps }[] {
  const jurisdiction = jurisdictionStampOf(store)?.id;
  return appResourcesOfType(store, 'AWS::Lambda::Function')
    .filter((fn) => jurisdiction !== undefined && jurisdictionStampOf(fn)?.id === jurisdiction)
    .map((fn) => ({ fn, variables: ((renderedProperties(fn).Environment as RenderedProps | undefined)?.Variables ?? {}) as RenderedProps }))
    .filter((e) => e.variables[ENV.storeCatalog] !== undefined);
}

/** A store's literal name (replica buckets are addressed by name, never by reference), if it has one. */
function literalName(store: CfnResource): string | undefined {
  const p = renderedProperties(store);
  const name = p.BucketName ?? p.TableName;
  return name === undefined ? undefined : flattened(store, name);
}

/** True when `text` names `name` as a whole name, not as part of a longer one. */
function namesWhole(text: string, name: string): boolean {
  let at = text.indexOf(name);
  while (at >= 0) {
    const before = text[at - 1] ?? '';
    const after = text[at + name.length] ?? '';
    if (!/[A-Za-z0-9.-]/.test(before) && !/[A-Za-z0-9.-]/.test(after)) return true;
    at = text.indexOf(name, at + 1);
  }
  return false;
}

/**
 * Every store of tenant data is named in the termination workflow's own catalogue of stores (the
 * environment its functions run with), by reference or by name; a tag saying so counts for nothing.
 */
export const tenantStoreCovered: StewardRule = {
  id: 'P-DELETE-ON-TERMINATION-TenantStoreCovered',
  promise: 'P-DELETE-ON-TERMINATION',
  scope: {
    judges:
      `Buckets and tables whose data class is tenant data (inventory; the ${TAG.tenantData} tag for an unknown class): ` +
      `named, by reference or by name, in the environment of the jurisdiction's functions that receive ${ENV.storeCatalog}.`,
    cannot:
      'Whether the workflow really deletes everything from a store it names (its integration tests prove that), and ' +
      `whether the termination state machine invokes the functions that receive ${ENV.storeCatalog}: any such function counts.`,
  },
  info: 'P-DELETE-ON-TERMINATION: a store of tenant data is not in the tenant termination workflow\'s catalogue of stores.',
  explanation:
    'After termination all of the tenant\'s data is deleted. Every store of a tenant-data class must be named in the ' +
    `environment (${ENV.storeCatalog} and its companions) of the jurisdiction's termination functions, ` +
    `by reference or, for replicas, by bucket name; the ${TAG.deletedBy} tag alone does not count.`,
  check: (node: CfnResource) => {
    if (!isDataStore(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = tagsOf(node);
    const classId = tags[TAG.dataClass];
    const tenantData = classId !== undefined && isDataClassId(classId)
      ? dataClass(classId).tenantData
      : tags[TAG.tenantData] === 'true';
    if (!tenantData) return NagRuleCompliance.NOT_APPLICABLE;
    const environments = terminationEnvironments(node);
    if (environments.length === 0) return ['no-termination-catalogue'];
    const name = literalName(node);
    const named = environments.some(({ fn, variables }) =>
      resourcesReferencedIn(fn, variables).includes(node) ||
      (name !== undefined && Object.values(variables).some((v) => namesWhole(flattened(fn, v), name))));
    return named ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
