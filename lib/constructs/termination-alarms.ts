import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface TerminationAlarmsProps {
  /** The termination state machine: a failed, timed-out or aborted execution raises the alarm. */
  readonly stateMachine: sfn.StateMachine;
  /**
   * Where the registry-stream trigger sends a batch it gave up on (and every handler of the stack
   * its failed asynchronous invocations): any message there means a termination may never have started.
   */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * P-DELETE-ON-TERMINATION, failures made visible: CloudWatch alarms on the termination workflow
 * (any execution that fails, including `TerminationNotVerified`, times out or is aborted) and on the
 * dead-letter queue of its trigger, notifying an SNS topic encrypted with its own customer-managed
 * key. Operators subscribe to `topic`; docs/termination.md says how to read the failure receipt and
 * resume.
 */
export class TerminationAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  readonly executionsFailed: cloudwatch.Alarm;
  readonly triggerDropped: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: TerminationAlarmsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the tenant termination alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes to the encrypted topic itself, so the key policy must let it.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Tenant termination failures',
      masterKey: this.key,
      enforceSSL: true,
    });
    const sm = props.stateMachine;
    const period = Duration.minutes(5);
    this.executionsFailed = new cloudwatch.Alarm(this, 'ExecutionsFailed', {
      alarmDescription:
        'A tenant termination failed, timed out or was aborted: data of the tenant may remain. ' +
        'Read its receipt under terminations/<tenantId>/ in the audit-receipts bucket, fix the cause, start a new execution ' +
        '(docs/termination.md).',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: {
          failed: sm.metricFailed({ period, statistic: 'Sum' }),
          timedOut: sm.metricTimedOut({ period, statistic: 'Sum' }),
          aborted: sm.metricAborted({ period, statistic: 'Sum' }),
        },
        period,
        label: 'terminations failed, timed out or aborted',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.triggerDropped = new cloudwatch.Alarm(this, 'TriggerDropped', {
      alarmDescription: 'The termination trigger (or another handler of the stack) gave up on an event: a tenant marked terminated '
        + 'may have no termination running. Inspect the dead-letter queue and start the termination by hand (docs/termination.md).',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.executionsFailed, this.triggerDropped]) {
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      alarm.addOkAction(new actions.SnsAction(this.topic));
    }
  }
}
