import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Key actions that change who controls a key or end it: a changed tag can make a key match a
 * tag-conditioned grant (e.g. `steward:purpose=tenant-data-key`), a changed policy can hand it
 * to anyone, and a disabled or deleted key makes its data unreadable.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:PutKeyPolicy', 'kms:TagResource', 'kms:UntagResource',
  'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:DisableKeyRotation',
] as const;

/**
 * The named administrators of the platform's keys: the CloudFormation execution role of the CDK
 * bootstrap in the key's account and region (it deploys the key and its policy), and the
 * account's root user (the recovery path). Nobody else, whatever IAM grants.
 */
export function platformKeyAdministrators(stack: Stack): string[] {
  return [
    `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-*-cfn-exec-role-${Aws.ACCOUNT_ID}-${stack.region}`,
    `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root`,
  ];
}

/**
 * Adds to a platform key's policy a Deny of tag, policy and deletion changes by anyone but the
 * named administrators. The key policy's account statement delegates use to IAM; without this
 * Deny any role IAM allows `kms:TagResource` could tag the key as a tenant key and then
 * administer it through tag-conditioned grants.
 */
export function refuseKeyAdministrationExceptByAdministrators(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'RefuseAdministrationExceptByNamedAdministrators',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...KEY_ADMINISTRATION_ACTIONS],
      resources: ['*'],
      conditions: { ArnNotLike: { 'aws:PrincipalArn': platformKeyAdministrators(Stack.of(key)) } },
    }),
  );
}
