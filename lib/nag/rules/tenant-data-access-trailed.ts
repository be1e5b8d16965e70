import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { dataClass, isDataClassId } from '../../inventory/data-classes';
import { jurisdictionStampOf } from '../conventions';
import { appResourcesOfType, resourcesReferencedIn } from '../references';
import {
  isDataStore, isTrue, namesAwsManagedKey, renderedProperties, tagsOf, type RenderedProps, type StewardRule,
} from '../rule-support';
import { TAG } from '../../vocabulary';

interface FieldSelector {
  Field?: string;
  Equals?: unknown[];
  StartsWith?: unknown[];
  [operator: string]: unknown;
}
interface AdvancedSelector { FieldSelectors?: FieldSelector[] }

/** Fields a data selector may have without recording only part of the access (reads only, some event names, ...). */
const WHOLE_ACCESS_FIELDS = new Set(['eventCategory', 'resources.type', 'resources.ARN']);

const fieldOf = (s: AdvancedSelector, name: string) => (s.FieldSelectors ?? []).filter((f) => f.Field === name);
/** The operators a field selector uses (rendered selectors carry every operator, unset ones undefined). */
const operatorsOf = (f: FieldSelector) => Object.keys(f).filter((k) => k !== 'Field' && f[k] !== undefined);
const equalsOnly = (f: FieldSelector, value: string) =>
  operatorsOf(f).every((k) => k === 'Equals') && f.Equals?.length === 1 && f.Equals[0] === value;

/** Every management event, none excluded: a selector of `eventCategory = Management` alone. */
function recordsAllManagementEvents(selectors: AdvancedSelector[]): boolean {
  return selectors.some((s) => (s.FieldSelectors ?? []).length === 1 && equalsOnly(s.FieldSelectors![0], 'Management'));
}

/**
 * Every read and write of `store`, as the trail's data selectors say; with no store (a table's copy
 * in another region, which no reference can name), of every resource of the type.
 */
function recordsDataEventsOf(
  trail: CfnResource, selectors: AdvancedSelector[], store: CfnResource | undefined, eventType: string,
): boolean {
  return selectors.some((s) => {
    const fields = s.FieldSelectors ?? [];
    if (fields.some((f) => !WHOLE_ACCESS_FIELDS.has(String(f.Field)))) return false;
    const category = fieldOf(s, 'eventCategory');
    const type = fieldOf(s, 'resources.type');
    if (category.length !== 1 || !equalsOnly(category[0], 'Data') || type.length !== 1 || !equalsOnly(type[0], eventType)) {
      return false;
    }
    const arns = fieldOf(s, 'resources.ARN');
    if (arns.length === 0) return true;
    return store !== undefined && arns.length === 1 && operatorsOf(arns[0]).every((k) => k === 'Equals' || k === 'StartsWith') &&
      resourcesReferencedIn(trail, [arns[0].Equals ?? [], arns[0].StartsWith ?? []]).includes(store);
  });
}

/** What keeps a trail from recording a store's access (empty when it records all of it). */
function faultsOf(trail: CfnResource, store: CfnResource | undefined, eventType: string): string[] {
  const p = renderedProperties(trail) as RenderedProps;
  const selectors = (Array.isArray(p.AdvancedEventSelectors) ? p.AdvancedEventSelectors : []) as AdvancedSelector[];
  const faults: string[] = [];
  if (!isTrue(p.IsLogging)) faults.push('trail-not-logging');
  if (p.KMSKeyId === undefined || namesAwsManagedKey(trail, p.KMSKeyId)) faults.push('trail-unencrypted');
  if (!isTrue(p.EnableLogFileValidation)) faults.push('trail-log-validation-off');
  if (!recordsAllManagementEvents(selectors)) faults.push('trail-excludes-management-or-kms-events');
  if (!recordsDataEventsOf(trail, selectors, store, eventType)) faults.push('data-events-not-recorded');
  return faults;
}

/** Compliant when a trail of the jurisdiction in `region` records everything; otherwise what is missing. */
function judgeRegion(store: CfnResource, region: string, own: boolean, eventType: string): string[] {
  const jurisdiction = jurisdictionStampOf(store)?.id;
  const trails = appResourcesOfType(store, 'AWS::CloudTrail::Trail')
    .filter((t) => Stack.of(t).region === region && jurisdiction !== undefined && jurisdictionStampOf(t)?.id === jurisdiction);
  if (trails.length === 0) return [`no-trail-in-${region}`];
  const faults = trails.map((t) => faultsOf(t, own ? store : undefined, eventType));
  return faults.some((f) => f.length === 0) ? [] : [...new Set(faults.flat())];
}

/**
 * Every store of tenant data has a CloudTrail trail of its jurisdiction, in each region it lives
 * in, that is logging, KMS-encrypted, validated, keeps every management event (KMS included) and
 * records every read and write of the store's objects or items.
 */
export const tenantDataAccessTrailed: StewardRule = {
  id: 'P-PURPOSE-TenantDataAccessTrailed',
  promise: 'P-PURPOSE',
  scope: {
    judges:
      `Buckets and tables of tenant data (inventory; the ${TAG.tenantData} tag for an unknown class), in each region they live ` +
      'in (a table in each replica region too): a trail of the same jurisdiction in that region with IsLogging, a ' +
      'customer-managed KMSKeyId, EnableLogFileValidation, an advanced selector of every management event, and a data ' +
      'selector of the store (by reference; in a replica region, every table) with no field narrowing it to some events.',
    cannot:
      'Whether CloudTrail really delivers (a bucket or key policy that refuses it shows only on deploy; test/iam proves the ' +
      'policies the app writes), an organisation trail outside the app, and legacy EventSelectors, which count for nothing.',
  },
  info: 'P-PURPOSE: a store of tenant data has no trail recording its data events with every management and KMS event, encrypted.',
  explanation:
    'Every access to tenant data is logged: each region holding a tenant bucket or table needs a trail of the jurisdiction ' +
    'that is logging, encrypted with a customer-managed key, validates its log files, keeps every management event (none ' +
    'excluded, so every KMS decrypt is recorded) and records every object or item read and write of the store.',
  check: (node: CfnResource) => {
    if (!isDataStore(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = tagsOf(node);
    const classId = tags[TAG.dataClass];
    const tenantData = classId !== undefined && isDataClassId(classId) ? dataClass(classId).tenantData : tags[TAG.tenantData] === 'true';
    if (!tenantData) return NagRuleCompliance.NOT_APPLICABLE;
    const region = Stack.of(node).region;
    if (node.cfnResourceType === 'AWS::S3::Bucket') {
      const faults = judgeRegion(node, region, true, 'AWS::S3::Object');
      return faults.length === 0 ? NagRuleCompliance.COMPLIANT : faults;
    }
    const replicas = (renderedProperties(node).Replicas ?? []) as { Region?: unknown }[];
    const regions = new Set([region, ...replicas.map((r) => r.Region).filter((r): r is string => typeof r === 'string')]);
    const faults = [...regions].flatMap((r) => judgeRegion(node, r, r === region, 'AWS::DynamoDB::Table'));
    return faults.length === 0 ? NagRuleCompliance.COMPLIANT : [...new Set(faults)];
  },
};
