import type { CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { dataClass, isDataClassId } from '../../inventory/data-classes';
import { bucketLifetime, expiresWithin } from '../lifecycle';
import { tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/**
 * A bucket of a day-bounded data class declares its retention (tag `steward:retention` = `<N>d`,
 * N inside the class's range) and a whole-bucket lifecycle rule expires current objects and
 * noncurrent versions within N days.
 */
export const bucketExpiresWithinRetention: StewardRule = {
  id: 'P-RETENTION-BucketExpiresWithinRetention',
  promise: 'P-RETENTION',
  scope: {
    judges: 'Buckets tagged with a day-bounded data class: the retention tag and the whole-bucket lifecycle rules.',
    cannot:
      'Objects under Object Lock retention, and buckets that carry no data-class tag (P-METADATA-ONLY-StoreDeclaresDataClass fails those).',
  },
  info: 'P-RETENTION: the bucket of a day-bounded data class keeps objects or old versions longer than its declared retention.',
  explanation:
    `Logs are kept 1 to 30 days and nothing longer than its declared retention. The bucket's ${TAG.retention} tag must ` +
    "be <N>d with N inside the data class's range, and an enabled whole-bucket lifecycle rule must expire current objects " +
    'within 1..N days and, when versioned, noncurrent versions within N days.',
  check: (node: CfnResource) => {
    if (!(node instanceof s3.CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const tags = tagsOf(node);
    const classId = tags[TAG.dataClass];
    if (classId === undefined || !isDataClassId(classId)) return NagRuleCompliance.NOT_APPLICABLE;
    const { retention } = dataClass(classId);
    if (retention.kind !== 'days') return NagRuleCompliance.NOT_APPLICABLE;
    const declared = /^(\d+)d$/.exec(tags[TAG.retention] ?? '');
    const days = declared ? Number(declared[1]) : NaN;
    if (!(days >= retention.minDays && days <= retention.maxDays)) return ['declared-retention'];
    return expiresWithin(bucketLifetime(node), days) ? NagRuleCompliance.COMPLIANT : ['lifecycle'];
  },
};
