import { Aws, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ENV, tenantKeyAliasPrefix, type StoreCatalog } from '../../vocabulary';
import { dataBucketArn, dataBucketName } from '../naming';
import type { TenantTerminationWorkflowProps } from './props';

/** Where the termination steps reach: what their environment names and their grants cover. */
export interface TerminationStores {
  /** Every bucket copy (primary and replica), by derived ARN, for the object- and bucket-level grants. */
  readonly namedBuckets: ReadonlyArray<{ readonly bucketArn: string }>;
  /** Any key of the primary region: the tenant keys are created at onboarding, so grants narrow them by tag. */
  readonly tenantKeyArns: string;
  /** Any key of the replica region, narrowed by `kms:ViaService` where it is granted. */
  readonly replicaKeyArns: string;
  /** The environment every step shares: the store catalogue and the tenant key alias prefix. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The stores of a termination: object- and bucket-level grants name each declared bucket (by
 * its derived name, in both regions), never a pattern that would also cover the jurisdiction's
 * other buckets; the catalogue the steps read is typed on both sides (`StoreCatalog`).
 */
export function terminationStores(scope: Construct, props: TenantTerminationWorkflowProps): TerminationStores {
  const stack = Stack.of(scope);
  const { naming, replicaRegion } = props;
  const region = stack.region;
  const replicated = props.buckets.filter((b) => b.dataClass.replicated);
  const bucketArns = [
    ...props.buckets.map((b) => dataBucketArn(naming, b.dataClass.id, region)),
    ...replicated.map((b) => dataBucketArn(naming, b.dataClass.id, replicaRegion)),
  ];
  const catalog: StoreCatalog = {
    buckets: [
      ...props.buckets.map((b) => ({ bucket: b.bucket.bucketName, region, dataClass: b.dataClass.id })),
      ...replicated.map((b) => ({
        bucket: dataBucketName(naming, b.dataClass.id, replicaRegion), region: replicaRegion, dataClass: b.dataClass.id,
      })),
    ],
    tables: props.tables.map((t) => ({
      table: t.table.tableName,
      dataClass: t.dataClass.id,
      sortKey: t.sortKey,
      region,
      verifyRegions: t.dataClass.replicated ? [region, replicaRegion] : [region],
    })),
    userPools: (props.userPools ?? []).map((p) => ({ userPoolId: p.userPoolId, region })),
  };
  return {
    namedBuckets: bucketArns.map((bucketArn) => ({ bucketArn })),
    tenantKeyArns: `arn:${Aws.PARTITION}:kms:${region}:${Aws.ACCOUNT_ID}:key/*`,
    replicaKeyArns: `arn:${Aws.PARTITION}:kms:${replicaRegion}:${Aws.ACCOUNT_ID}:key/*`,
    environment: {
      [ENV.storeCatalog]: stack.toJsonString(catalog),
      [ENV.tenantKeyAliasPrefix]: tenantKeyAliasPrefix(naming.appName, naming.jurisdictionId),
    },
  };
}
