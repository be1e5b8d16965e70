import type { CfnResource } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { NagRuleCompliance } from 'cdk-nag';
import { resolvedList, tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/** The partition key every tenant-data table uses, so IAM can scope access with dynamodb:LeadingKeys. */
export const TENANT_PARTITION_KEY = 'tenantId';

/** Tables of tenant data are partitioned by tenant id. */
export const tenantTablePartitionedByTenant: StewardRule = {
  id: 'P-TENANT-ISOLATION-TenantTablePartitionedByTenant',
  promise: 'P-TENANT-ISOLATION',
  scope: {
    judges: 'Tables tagged tenant-data: the partition key.',
    cannot: 'Whether items are written under the right tenant id.',
  },
  info: 'P-TENANT-ISOLATION: a table of tenant data is not partitioned by tenantId.',
  explanation:
    `Customer data is separated per tenant: a table tagged ${TAG.tenantData}=true must use tenantId as its partition ` +
    '(HASH) key, so tenant-scoped roles can be limited with dynamodb:LeadingKeys and a tenant\'s items found and deleted.',
  check: (node: CfnResource) => {
    if (!(node instanceof dynamodb.CfnTable) && !(node instanceof dynamodb.CfnGlobalTable)) return NagRuleCompliance.NOT_APPLICABLE;
    if (tagsOf(node)[TAG.tenantData] !== 'true') return NagRuleCompliance.NOT_APPLICABLE;
    const hash = resolvedList<{ attributeName?: string; keyType?: string }>(node, node.keySchema).find((k) => k.keyType === 'HASH');
    return hash?.attributeName === TENANT_PARTITION_KEY ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
