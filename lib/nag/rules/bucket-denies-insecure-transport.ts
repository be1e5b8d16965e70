import { type CfnResource, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { resolved, type StewardRule } from '../rule-support';

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A statement denying every S3 action to everyone when the request is not over TLS. */
function deniesInsecureTransport(s: Statement): boolean {
  const everyone = s.Principal === '*' || asList((s.Principal as { AWS?: unknown } | undefined)?.AWS).includes('*');
  const secure = s.Condition?.Bool?.['aws:SecureTransport'];
  return s.Effect === 'Deny' && everyone && asList(s.Action).includes('s3:*') && (secure === false || secure === 'false');
}

/** Every bucket has a bucket policy that denies requests without TLS. */
export const bucketDeniesInsecureTransport: StewardRule = {
  id: 'P-ENCRYPT-TRANSIT-BucketDeniesInsecureTransport',
  promise: 'P-ENCRYPT-TRANSIT',
  scope: {
    judges: 'Every AWS::S3::Bucket, against the AWS::S3::BucketPolicy resources of the same template that name it.',
    cannot: 'Policies attached outside the template, or requests that a VPC endpoint policy or SCP already refuses.',
  },
  info: 'P-ENCRYPT-TRANSIT: the S3 bucket has no policy denying requests without TLS.',
  explanation:
    'Data moves only over TLS: the bucket\'s policy must deny s3:* to every principal when aws:SecureTransport is false.',
  check: (node: CfnResource) => {
    if (!(node instanceof s3.CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const stack = Stack.of(node);
    const bucketRef = JSON.stringify(stack.resolve(node.ref));
    const compliant = stack.node
      .findAll()
      .filter((c): c is s3.CfnBucketPolicy => c instanceof s3.CfnBucketPolicy)
      .filter((p) => JSON.stringify(stack.resolve(p.bucket)) === bucketRef)
      .some((p) => {
        const doc = resolved(p, p.policyDocument) as { Statement?: Statement[] };
        return (doc.Statement ?? []).some(deniesInsecureTransport);
      });
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
