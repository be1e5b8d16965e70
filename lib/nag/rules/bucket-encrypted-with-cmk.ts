import type { CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { resolved, type StewardRule } from '../rule-support';

/** S3 buckets use SSE-KMS (or DSSE-KMS) with a named customer-managed key. */
export const bucketEncryptedWithCmk: StewardRule = {
  id: 'P-ENCRYPT-REST-BucketEncryptedWithCmk',
  promise: 'P-ENCRYPT-REST',
  scope: {
    judges: "Every AWS::S3::Bucket's default encryption rules (SSE-KMS or DSSE-KMS with a key that is not an AWS-managed alias).",
    cannot:
      'Objects uploaded with their own encryption header, or whether the named key is itself customer-managed when it comes from ' +
      'another stack.',
  },
  info: 'P-ENCRYPT-REST: the S3 bucket is not encrypted with a customer-managed KMS key.',
  explanation:
    'Every store is encrypted at rest with a customer-managed key, so deleting a tenant key crypto-shreds its data and ' +
    'key use is audited. Each server-side encryption rule must use aws:kms or aws:kms:dsse with a KMSMasterKeyID.',
  check: (node: CfnResource) => {
    if (!(node instanceof s3.CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const enc = resolved(node, node.bucketEncryption) as
      | { serverSideEncryptionConfiguration?: { serverSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: unknown } }[] }
      | undefined;
    const rules = enc?.serverSideEncryptionConfiguration ?? [];
    const ok =
      rules.length > 0 &&
      rules.every((r) => {
        const d = r.serverSideEncryptionByDefault;
        return (
          (d?.sseAlgorithm === 'aws:kms' || d?.sseAlgorithm === 'aws:kms:dsse') &&
          d.kmsMasterKeyId !== undefined &&
          !String(JSON.stringify(d.kmsMasterKeyId)).includes('alias/aws/')
        );
      });
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
