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

/**
 * Duties of the data-rights roles that other stacks must name before those roles exist: the
 * opt-in bucket policies let only these write, so their names are fixed rather than generated.
 */
export const DATA_RIGHTS_DUTIES = {
  /** Writes opt-in stores after checking the tenant's opt-in (P-OPT-IN). */
  optInWriter: 'opt-in-writer',
  /** Rewrites log objects without one data subject's lines (P-DSR). */
  dataSubjectRequests: 'data-subject-requests',
} as const;

export type DataRightsDuty = (typeof DATA_RIGHTS_DUTIES)[keyof typeof DATA_RIGHTS_DUTIES];

/** `steward-eu-opt-in-writer`: IAM names are account-wide, so the jurisdiction is part of the name. */
export function dataRightsRoleName(n: StoreNaming, duty: DataRightsDuty): string {
  return `${n.appName}-${n.jurisdictionId}-${duty}`;
}

export function dataRightsRoleArn(n: StoreNaming, duty: DataRightsDuty): string {
  return Fn.join('', ['arn:', Aws.PARTITION, ':iam::', Aws.ACCOUNT_ID, ':role/', dataRightsRoleName(n, duty)]);
}

/** `steward-eu-data-access`: one trail per region of the jurisdiction, each recording only its own region. */
export function dataAccessTrailName(n: StoreNaming): string {
  return `${n.appName}-${n.jurisdictionId}-data-access`;
}

/** ARN of the jurisdiction's trail in a region, known before the trail exists so its bucket and key policies can name it. */
export function dataAccessTrailArn(n: StoreNaming, region: string): string {
  return Fn.join('', ['arn:', Aws.PARTITION, ':cloudtrail:', region, ':', Aws.ACCOUNT_ID, ':trail/', dataAccessTrailName(n)]);
}
