import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { DataClassBucket } from './data-class-bucket';
import { DATA_RIGHTS_DUTIES, dataRightsRoleArn, type StoreNaming } from './naming';

/**
 * The roles that may write opt-in stores: the opt-in writer, and the data-subject-request
 * handler, which only rewrites an existing log object without one person's lines.
 */
export function optInWriterRoleArns(naming: StoreNaming): string[] {
  return [
    dataRightsRoleArn(naming, DATA_RIGHTS_DUTIES.optInWriter),
    dataRightsRoleArn(naming, DATA_RIGHTS_DUTIES.dataSubjectRequests),
  ];
}

export interface OptInWriteGuardProps {
  /** Buckets of opt-in data classes; a bucket of any other class is refused. */
  readonly buckets: readonly DataClassBucket[];
  /**
   * ARNs of the only roles that may put objects. Named ARNs, not role references, so the data
   * stacks can carry the policy before the data-rights stack creates the roles.
   */
  readonly writerRoleArns: readonly string[];
}

/**
 * Makes the opt-in check impossible to bypass (P-OPT-IN): each opt-in bucket's policy denies
 * `s3:PutObject` (which also covers copies and multipart uploads) to every principal except the
 * named writer roles, whose code refuses tenants that have not opted in. Replication writes
 * with `s3:ReplicateObject` and is not affected.
 */
export class OptInWriteGuard extends Construct {
  constructor(scope: Construct, id: string, props: OptInWriteGuardProps) {
    super(scope, id);
    if (props.writerRoleArns.length === 0) {
      throw new Error('writerRoleArns: at least one writer role is needed, or nothing could ever be written');
    }
    for (const store of props.buckets) {
      if (!store.dataClass.optIn) {
        throw new Error(`buckets: '${store.dataClass.id}' is not an opt-in data class`);
      }
      store.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DenyWritesExceptOptInWriters',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:PutObject'],
          resources: [store.bucket.arnForObjects('*')],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': [...props.writerRoleArns] } },
        }),
      );
    }
  }
}
