import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { asList } from '../policy-statements';
import { appResourcesOfType, referencedResource } from '../references';
import { flattened, renderedProperties, type RenderedProps, tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';
import { CONFIG_CACHE_CLASS } from './config-cache-expires-within-a-day';

/** The stores of the app that hold the configuration cache. */
const cacheStores = (scope: CfnResource): CfnResource[] =>
  ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']
    .flatMap((type) => appResourcesOfType(scope, type))
    .filter((s) => tagsOf(s)[TAG.dataClass] === CONFIG_CACHE_CLASS);

const pattern = (value: string) => new RegExp(`^${value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** True when a tag condition (`{ ConditionKey, ConditionValue }`, the key possibly `aws:ResourceTag/<key>`) matches a store. */
function tagMatches(condition: RenderedProps, store: CfnResource): boolean {
  const tag = tagsOf(store)[String(condition.ConditionKey ?? '').replace(/^aws:ResourceTag\//, '')];
  return tag !== undefined && pattern(String(condition.ConditionValue ?? '')).test(tag);
}

/**
 * True when AWS Backup would take `store` into the selection: a Resources entry refers to it or
 * could match it (a wildcard), or a ListOfTags condition matches it; and every Conditions entry
 * admits it; and NotResources does not name it.
 */
function selects(node: CfnResource, selection: RenderedProps, store: CfnResource): boolean {
  const entryMatches = (entry: unknown) => {
    const target = referencedResource(node, entry);
    return target ? target === store : flattened(node, entry).includes('*');
  };
  const picked = asList(selection.Resources).some(entryMatches) ||
    (asList(selection.ListOfTags) as RenderedProps[]).some((c) => tagMatches(c, store));
  const conditions = (selection.Conditions ?? {}) as Record<string, unknown>;
  const admitted = Object.entries(conditions).every(([operator, list]) => (asList(list) as RenderedProps[]).every((c) =>
    operator.startsWith('StringNot') ? !tagMatches(c, store) : tagMatches(c, store)));
  const excluded = asList(selection.NotResources).some((e) => referencedResource(node, e) === store);
  return picked && admitted && !excluded;
}

/**
 * No backup plan selects the configuration cache: a backup would keep device configuration far
 * longer than the day the cache may hold it.
 */
export const configCacheInNoBackupPlan: StewardRule = {
  id: 'P-JIT-CACHE-ConfigCacheInNoBackupPlan',
  promise: 'P-JIT-CACHE',
  scope: {
    judges:
      'Every AWS::Backup::BackupSelection, as AWS Backup selects: each config-cache store of the app taken in by Resources ' +
      '(a reference or a wildcard) or ListOfTags, admitted by every Conditions entry and not in NotResources, fails; so ' +
      'does any Resources ARN naming config-cache.',
    cannot: 'Backup plans created outside CloudFormation, and AWS Backup organisation policies.',
  },
  info: 'P-JIT-CACHE: a backup selection takes in the configuration cache.',
  explanation:
    'Device configuration is cached only temporarily, so it is never backed up: no BackupSelection may name a config-cache ' +
    'store or an ARN with config-cache in it, nor take a cache store in through a wildcard or its tags unless its ' +
    'Conditions or NotResources leave it out.',
  check: (node: CfnResource) => {
    if (node.cfnResourceType !== 'AWS::Backup::BackupSelection') return NagRuleCompliance.NOT_APPLICABLE;
    const selection = (renderedProperties(node).BackupSelection ?? {}) as RenderedProps;
    const findings = cacheStores(node).filter((c) => selects(node, selection, c)).map((c) => `selects:${Stack.of(c).resolve(c.logicalId)}`);
    // A cache outside the app is still recognisable by its class in the ARN.
    if (asList(selection.Resources).some((e) => flattened(node, e).includes(CONFIG_CACHE_CLASS))) findings.push('names-config-cache');
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
