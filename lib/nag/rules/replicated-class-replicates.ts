import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { dataClass, isDataClassId } from '../../inventory/data-classes';
import { jurisdictionStampOf } from '../conventions';
import { flattened, isDataStore, regionsIn, renderedProperties, tagsOf, type RenderedProps, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/** A replication rule that copies every object: enabled, and no prefix, tag or size filter. */
function copiesEverything(rule: RenderedProps): boolean {
  const filter = rule.Filter as RenderedProps | undefined;
  const set = Object.entries(filter ?? {}).filter(([, v]) => v !== undefined).map(([k]) => k);
  const wholeFilter = set.length === 0 || (set.length === 1 && filter?.Prefix === '');
  return rule.Status === 'Enabled' && (rule.Prefix === undefined || rule.Prefix === '') && wholeFilter;
}

/**
 * Stores of a replicated data class keep a copy in a second region of the jurisdiction: a bucket in
 * the primary region has an enabled whole-bucket replication rule to another region of the
 * jurisdiction; a table is a global table with a replica there.
 */
export const replicatedClassReplicates: StewardRule = {
  id: 'P-RESILIENCE-ReplicatedClassReplicates',
  promise: 'P-RESILIENCE',
  scope: {
    judges:
      'Buckets and tables of a data class the inventory marks replicated: in the primary region (jurisdiction stamp), ' +
      'an enabled replication rule without filters whose destination names another region of the jurisdiction; for tables, ' +
      'a global table replica in another region of the jurisdiction.',
    cannot: 'Whether replication keeps up (objects that failed to replicate are not retried), and replicas created outside CloudFormation.',
  },
  info: 'P-RESILIENCE: a store of a replicated data class does not replicate every item to a second region of its jurisdiction.',
  explanation:
    'Data is replicated to a second region of the same jurisdiction: a bucket of a replicated class in the primary region ' +
    'needs ReplicationConfiguration with an Enabled rule that has no prefix, tag or size filter and a destination naming ' +
    'another region of the jurisdiction; a table of a replicated class must be a global table with a replica in another region.',
  check: (node: CfnResource) => {
    if (!isDataStore(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const classId = tagsOf(node)[TAG.dataClass];
    if (classId === undefined || !isDataClassId(classId) || !dataClass(classId).replicated) return NagRuleCompliance.NOT_APPLICABLE;
    const stamp = jurisdictionStampOf(node);
    const region = Stack.of(node).region;
    const primary = stamp?.primaryRegion ?? stamp?.regions[0];
    const elsewhere = (regions: string[]) => regions.some((r) => r !== region && (stamp?.regions ?? []).includes(r));
    const props = renderedProperties(node);
    if (node.cfnResourceType === 'AWS::DynamoDB::Table') return ['not-a-global-table'];
    if (node.cfnResourceType === 'AWS::DynamoDB::GlobalTable') {
      const replicas = ((props.Replicas ?? []) as RenderedProps[]).map((r) => String(r.Region));
      return elsewhere(replicas) ? NagRuleCompliance.COMPLIANT : ['no-replica'];
    }
    if (region !== primary) return NagRuleCompliance.NOT_APPLICABLE;
    const rules = ((props.ReplicationConfiguration as RenderedProps | undefined)?.Rules ?? []) as RenderedProps[];
    const replicates = rules.some((r) => copiesEverything(r) && elsewhere(regionsIn(flattened(node, r.Destination))));
    return replicates ? NagRuleCompliance.COMPLIANT : ['no-replication'];
  },
};
