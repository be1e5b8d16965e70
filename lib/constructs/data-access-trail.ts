import { Aws, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import { retentionDaysFor } from '../config/validate';
import { dataClass } from '../inventory/data-classes';
import { suppressComplianceRule } from '../nag/suppressions';
import { DataClassBucket } from './data-class-bucket';
import { DataClassKey } from './data-class-key';
import { dataAccessTrailArn, dataAccessTrailName, dataBucketName, type StoreNaming } from './naming';

/** The trail's own data class in the inventory (retention, tags, key alias). */
export const TRAIL_CLASS_ID = 'data-access-trail';

export interface DataAccessTrailProps {
  /** App and jurisdiction the trail, its bucket and its key are named under. */
  readonly naming: StoreNaming;
  /** Jurisdiction whose retention for `data-access-trail` applies. */
  readonly jurisdiction: ResolvedJurisdiction;
  /** Buckets of tenant data in this region: every object read and write in them is recorded. */
  readonly buckets: readonly s3.IBucket[];
  /**
   * Tables of tenant data in this region whose item reads and writes are recorded. `all-in-region`
   * records every table of the account in the region: the replica region holds only this
   * jurisdiction's table replicas, whose generated names the replica stack cannot know.
   */
  readonly tables: readonly dynamodb.ITableV2[] | 'all-in-region';
  /** Bucket that receives the trail bucket's server access logs. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /**
   * Principals (ARN patterns) that may decrypt the trail's log files. Everyone else is refused
   * whatever IAM grants, because the logs name principals, addresses and tenants.
   * @default only the account's root user (the recovery path); no audit reader role exists yet
   */
  readonly readerArns?: readonly string[];
}

/**
 * A single-region CloudTrail trail that records, in the region where they happen, every management
 * call (KMS key use included) and the object and item reads and writes of the tenant-data stores,
 * into a bucket of its own data class under its own key (P-PURPOSE). Single-region on purpose: a
 * multi-region trail would copy calls made in other jurisdictions' regions (and global IAM calls,
 * whose inline policies name tenants) into this jurisdiction's bucket.
 */
export class DataAccessTrail extends Construct {
  readonly trail: cloudtrail.CfnTrail;
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  /** The ARN the trail will have; the service principal's grants are conditioned on it. */
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: DataAccessTrailProps) {
    super(scope, id);
    if (props.buckets.length === 0) {
      throw new Error(`buckets: ${this.node.path} records the data events of tenant buckets and was given none`);
    }
    if (props.tables !== 'all-in-region' && props.tables.length === 0) {
      throw new Error(`tables: ${this.node.path} records the data events of tenant tables and was given none`);
    }
    const region = Stack.of(this).region;
    const cls = dataClass(TRAIL_CLASS_ID);
    const trailName = dataAccessTrailName(props.naming);
    this.trailArn = dataAccessTrailArn(props.naming, region);
    const fromThisTrail = { 'aws:SourceArn': this.trailArn, 'aws:SourceAccount': Aws.ACCOUNT_ID };

    this.key = new DataClassKey(this, 'Key', { naming: props.naming, dataClass: cls }).key;
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowThisTrailToEncrypt',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { ...fromThisTrail, 'kms:EncryptionContext:aws:cloudtrail:arn': this.trailArn } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowThisTrailToDescribeKey',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: fromThisTrail },
    }));
    // Re-encrypting under a key the caller controls would read the logs as surely as decrypting them.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'RefuseReadingExceptByAuditReaders',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      resources: ['*'],
      conditions: { ArnNotLike: { 'aws:PrincipalArn': [...(props.readerArns ?? [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root`])] } },
    }));

    this.bucket = new DataClassBucket(this, 'Store', {
      dataClass: cls,
      jurisdictionId: props.jurisdiction.id,
      bucketName: dataBucketName(props.naming, cls.id, region),
      encryptionKey: this.key,
      retentionDays: retentionDaysFor(props.jurisdiction, cls.id),
      serverAccessLogsBucket: props.serverAccessLogsBucket,
    }).bucket;
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowThisTrailToCheckAcl',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['s3:GetBucketAcl'],
      resources: [this.bucket.bucketArn],
      conditions: { StringEquals: fromThisTrail },
    }));
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowThisTrailToWrite',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/*`)],
      conditions: { StringEquals: { ...fromThisTrail, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));

    this.trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName,
      isLogging: true,
      s3BucketName: this.bucket.bucketName,
      kmsKeyId: this.key.keyArn,
      enableLogFileValidation: true,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      advancedEventSelectors: dataAccessSelectors(props.buckets, props.tables),
    });
    // CloudTrail refuses a bucket whose policy does not yet let it write.
    if (this.bucket.policy) this.trail.node.addDependency(this.bucket.policy);
    suppressComplianceRule(this.trail, 'CloudTrailCloudWatchLogsEnabled', 'trailKeptInItsBucket');
  }
}

/**
 * Every management event (no event source excluded, so every KMS call is kept) and every object
 * and item event of the given stores, reads and writes alike.
 */
function dataAccessSelectors(
  buckets: readonly s3.IBucket[],
  tables: readonly dynamodb.ITableV2[] | 'all-in-region',
): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
  const data = { field: 'eventCategory', equalTo: ['Data'] };
  return [
    { name: 'Management events, KMS included', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    {
      name: 'Tenant objects',
      fieldSelectors: [
        data,
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', startsWith: buckets.map((b) => `${b.bucketArn}/`) },
      ],
    },
    {
      name: 'Tenant table items',
      fieldSelectors: [
        data,
        { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
        ...(tables === 'all-in-region' ? [] : [{ field: 'resources.ARN', equalTo: tables.map((t) => t.tableArn) }]),
      ],
    },
  ];
}
