import type { CfnResource } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { dataClass, isDataClassId } from '../../inventory/data-classes';
import { tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/** Longest retention of a log group that declares no data class: the logs bound of the seeds. */
export const LOG_GROUP_MAX_RETENTION_DAYS = 30;

/** Log groups set a retention within 1..30 days (or within their declared data class's range). */
export const logGroupRetentionBounded: StewardRule = {
  id: 'P-RETENTION-LogGroupRetentionBounded',
  promise: 'P-RETENTION',
  scope: {
    judges: 'Every AWS::Logs::LogGroup: RetentionInDays within 1..30 or its data class\'s range.',
    cannot: 'Log groups created at run time, and copies exported out of CloudWatch Logs.',
  },
  info: 'P-RETENTION: the log group keeps events forever or longer than its bound.',
  explanation:
    'A log group without RetentionInDays keeps events forever. Retention must be set and at most 30 days, or at most the ' +
    `maximum of the data class named by its ${TAG.dataClass} tag.`,
  check: (node: CfnResource) => {
    if (!(node instanceof logs.CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const days = NagRules.resolveIfPrimitive(node, node.retentionInDays);
    const classId = tagsOf(node)[TAG.dataClass];
    const cls = classId !== undefined && isDataClassId(classId) ? dataClass(classId) : undefined;
    const max = cls?.retention.kind === 'days' ? cls.retention.maxDays : LOG_GROUP_MAX_RETENTION_DAYS;
    return typeof days === 'number' && days >= 1 && days <= max ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
