import type { CfnResource } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { bucketLifetime, expiresWithin } from '../lifecycle';
import { isTrue, resolved, resolvedList, tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/** The data class of the just-in-time configuration cache. */
export const CONFIG_CACHE_CLASS = 'config-cache';

/**
 * Stores of the configuration cache: a bucket expires everything within a day and does not
 * replicate; a table has time-to-live on, no replica and no point-in-time recovery (a backup
 * would outlive the cache).
 */
export const configCacheExpiresWithinADay: StewardRule = {
  id: 'P-JIT-CACHE-ConfigCacheExpiresWithinADay',
  promise: 'P-JIT-CACHE',
  scope: {
    judges: 'Buckets and tables tagged config-cache: expiry, replication and point-in-time recovery.',
    cannot: 'Backup plans selecting the cache by ARN or tag outside the template, and caches that are not tagged as such.',
  },
  info: 'P-JIT-CACHE: the configuration cache keeps entries longer than a day, is replicated or is backed up.',
  explanation:
    `Device configuration is fetched just in time and cached temporarily. A store tagged ${TAG.dataClass}=config-cache ` +
    'must expire every object (and version) within 1 day and not replicate; a cache table needs TTL, no replicas and no PITR.',
  check: (node: CfnResource) => {
    if (tagsOf(node)[TAG.dataClass] !== CONFIG_CACHE_CLASS) return NagRuleCompliance.NOT_APPLICABLE;
    const findings: string[] = [];
    if (node instanceof s3.CfnBucket) {
      const life = bucketLifetime(node);
      if (!expiresWithin(life, 1)) findings.push('expiry');
      if (life.replicated) findings.push('replicated');
    } else if (node instanceof dynamodb.CfnTable || node instanceof dynamodb.CfnGlobalTable) {
      const ttl = resolved(node, node.timeToLiveSpecification) as { enabled?: unknown } | undefined;
      if (!isTrue(ttl?.enabled)) findings.push('expiry');
      if (node instanceof dynamodb.CfnGlobalTable) {
        const replicas = resolvedList<{ pointInTimeRecoverySpecification?: { pointInTimeRecoveryEnabled?: unknown } }>(node, node.replicas);
        if (replicas.length > 1) findings.push('replicated');
        if (replicas.some((r) => isTrue(r.pointInTimeRecoverySpecification?.pointInTimeRecoveryEnabled))) findings.push('backed-up');
      } else {
        const pitr = resolved(node, node.pointInTimeRecoverySpecification) as { pointInTimeRecoveryEnabled?: unknown } | undefined;
        if (isTrue(pitr?.pointInTimeRecoveryEnabled)) findings.push('backed-up');
      }
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
