import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/**
 * Keeps a state machine's execution history (inputs, outputs, checkpoints) under a
 * customer-managed key instead of an AWS-owned one. KMS binds every use to the state machine
 * by the encryption context `aws:states:stateMachineArn`, so the grants below reach this
 * workflow's history only. CDK adds its own grants to the state machine's role; the roles here
 * ignore automatic grants, so the statements are stated explicitly.
 */
export class WorkflowHistoryKey {
  constructor(
    private readonly scope: Construct,
    readonly key: kms.IKey,
    private readonly stateMachineArn: string,
  ) {}

  /**
   * The `encryptionConfiguration` of the state machine; data keys are reused for 5 minutes. CDK
   * would add an unconditioned `kms:Decrypt*` for log delivery to the key's policy; through an
   * imported view of the key it adds nothing, and the key's owner names log delivery for this
   * account only (DataClassKey `deliveryServices`).
   */
  encryption(): sfn.EncryptionConfiguration {
    return new sfn.CustomerManagedEncryptionConfiguration(kms.Key.fromKeyArn(this.scope, 'HistoryKeyView', this.key.keyArn));
  }

  /** What the state machine's own role needs: its history, and the log deliveries of its events. */
  stateMachineStatements(): iam.PolicyStatement[] {
    const { partition, region, account } = Stack.of(this.scope);
    return [
      this.historyStatement('UseOwnHistoryKey'),
      new iam.PolicyStatement({
        sid: 'EncryptLogDeliveries',
        actions: ['kms:GenerateDataKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:SourceArn': `arn:${partition}:logs:${region}:${account}:*` } },
      }),
    ];
  }

  /** What a caller that starts executions or reads their status and output needs. */
  callerStatement(): iam.PolicyStatement {
    return this.historyStatement('UseWorkflowHistoryKey');
  }

  private historyStatement(sid: string): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid,
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [this.key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': this.stateMachineArn } },
    });
  }
}
