import type { CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { resolved, tagsOf, type StewardRule } from '../rule-support';
import { TAG } from '../../vocabulary';

/** The class of the server-access-log sink itself, which cannot log into itself. */
const ACCESS_LOG_SINK_CLASS = 'storage-access-logs';

/** Every data bucket records its requests in a server access log bucket. */
export const dataBucketAccessLogged: StewardRule = {
  id: 'P-PURPOSE-DataBucketAccessLogged',
  promise: 'P-PURPOSE',
  scope: {
    judges: 'Every bucket with a data class other than the access-log sink: LoggingConfiguration.',
    cannot: 'Whether the log bucket itself keeps the logs; data events in CloudTrail are judged by P-PURPOSE-TenantDataAccessTrailed.',
  },
  info: 'P-PURPOSE: the data bucket does not record server access logs.',
  explanation:
    'Data is processed only as the customer instructs and every access is logged: each bucket with a data class (other ' +
    'than the access-log sink itself) must set LoggingConfiguration with a destination bucket.',
  check: (node: CfnResource) => {
    if (!(node instanceof s3.CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const classId = tagsOf(node)[TAG.dataClass];
    if (classId === undefined || classId === ACCESS_LOG_SINK_CLASS) return NagRuleCompliance.NOT_APPLICABLE;
    const logging = resolved(node, node.loggingConfiguration) as { destinationBucketName?: unknown } | undefined;
    return logging?.destinationBucketName !== undefined ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
