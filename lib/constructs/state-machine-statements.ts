import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What a state machine's role needs to deliver its execution logs to CloudWatch Logs and its
 * traces to X-Ray. None of these actions has a resource type (log delivery is configured on the
 * account, not on a log group), so IAM matches them only against "*"; the policy that holds this
 * statement carries the IAM5 suppression `stateMachineLogsAndTracing`.
 */
export function deliverLogsAndTracesStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DeliverLogsAndTraces',
    actions: [
      'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
      'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets',
    ],
    resources: ['*'],
  });
}
