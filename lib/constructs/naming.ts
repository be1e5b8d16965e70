import { Aws, Fn } from 'aws-cdk-lib';

/**
 * Physical names shared across regions. The primary region's replication rules must name the
 * replica region's buckets and keys without a cross-region reference, so both sides derive the
 * names from the same inputs here.
 */
export interface StoreNaming {
  readonly appName: string;
  readonly jurisdictionId: string;
}

/** `steward-eu-access-logs-<account>-eu-west-1`: unique per account and region, at most 63 characters. */
export function dataBucketName(n: StoreNaming, classId: string, region: string): string {
  return Fn.join('-', [n.appName, n.jurisdictionId, classId, Aws.ACCOUNT_ID, region]);
}

export function dataBucketArn(n: StoreNaming, classId: string, region: string): string {
  return Fn.join('', ['arn:', Aws.PARTITION, ':s3:::', dataBucketName(n, classId, region)]);
}

/** `alias/steward/eu/access-logs`: the same alias in the primary and the replica region. */
export function dataKeyAlias(n: StoreNaming, classId: string): string {
  return `alias/${n.appName}/${n.jurisdictionId}/${classId}`;
}

/** Alias ARN of a data-class key in a given region; S3 replication and DynamoDB replicas accept alias ARNs. */
export function dataKeyAliasArn(n: StoreNaming, classId: string, region: string): string {
  return Fn.join('', ['arn:', Aws.PARTITION, ':kms:', region, ':', Aws.ACCOUNT_ID, ':', dataKeyAlias(n, classId)]);
}
