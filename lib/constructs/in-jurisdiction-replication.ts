import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import { suppress } from '../nag/suppressions';
import type { DataClassBucket } from './data-class-bucket';
import { dataBucketArn, dataKeyAlias, dataKeyAliasArn, type StoreNaming } from './naming';
import { TAG, TAG_VALUE } from '../vocabulary';

export interface InJurisdictionReplicationProps {
  /** App and jurisdiction the replica buckets and keys are named under. */
  readonly naming: StoreNaming;
  /** The jurisdiction whose replica region receives the copies. */
  readonly jurisdiction: ResolvedJurisdiction;
}

/**
 * Replicates buckets of this region to the replica region of the same jurisdiction, and
 * nowhere else (P-RESIDENCY, P-RESILIENCE). Replicas are re-encrypted with the replica
 * region's key of the same class; delete markers replicate, so an ordinary delete reaches
 * both copies (version deletes do not: the termination workflow visits both regions).
 */
export class InJurisdictionReplication extends Construct {
  readonly role: iam.Role;
  /** The role's permissions, a managed policy so they are reviewable apart from the role. */
  readonly policy: iam.ManagedPolicy;
  readonly destinationRegion: string;
  private readonly naming: StoreNaming;
  private readonly wildcardResources: string[];

  constructor(scope: Construct, id: string, props: InJurisdictionReplicationProps) {
    super(scope, id);
    const { jurisdiction } = props;
    const sourceRegion = Stack.of(this).region;
    if (!jurisdiction.regions.includes(jurisdiction.replicaRegion)) {
      throw new Error(
        `jurisdiction.replicaRegion: '${jurisdiction.replicaRegion}' is outside jurisdiction '${jurisdiction.id}'`,
      );
    }
    if (!(jurisdiction.regions as readonly string[]).includes(sourceRegion)) {
      throw new Error(`jurisdiction: the stack's region '${sourceRegion}' is outside jurisdiction '${jurisdiction.id}'`);
    }
    if (sourceRegion === jurisdiction.replicaRegion) {
      throw new Error(`jurisdiction.replicaRegion: '${sourceRegion}' cannot replicate to itself`);
    }
    this.naming = props.naming;
    this.destinationRegion = jurisdiction.replicaRegion;
    this.wildcardResources = [`Resource::arn:<AWS::Partition>:kms:${this.destinationRegion}:<AWS::AccountId>:key/*`];
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
      description: `Replicates ${jurisdiction.id} data from ${sourceRegion} to ${jurisdiction.replicaRegion} only`,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `S3 replication of ${jurisdiction.id} buckets to ${jurisdiction.replicaRegion}`,
      roles: [this.role],
    });
    // Opt-in objects are written under the tenant's own key, created at onboarding and so unknown
    // at synth: without this every one of them fails replication, and S3 never retries a failed
    // replication. Scoped to keys onboarding tags as tenant keys, used through S3 of this region;
    // the tenant key policy adds the tenant's encryption context.
    const tenantKeys = `arn:${Aws.PARTITION}:kms:${sourceRegion}:${Aws.ACCOUNT_ID}:key/*`;
    this.policy.addStatements(new iam.PolicyStatement({
      sid: 'DecryptTenantKeyObjectsThroughS3',
      actions: ['kms:Decrypt'],
      resources: [tenantKeys],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${TAG.purpose}`]: TAG_VALUE.tenantDataKey, 'kms:ViaService': `s3.${sourceRegion}.amazonaws.com` },
      },
    }));
    this.wildcardResources.push(`Resource::arn:<AWS::Partition>:kms:${sourceRegion}:<AWS::AccountId>:key/*`);
  }

  /** Adds the replication rule to a bucket of a replicated data class. */
  replicate(source: DataClassBucket, sourceKey: kms.IKey): void {
    const cls = source.dataClass;
    if (!cls.replicated) {
      throw new Error(`dataClass: '${cls.id}' is declared not replicated; it must stay in one region`);
    }
    const destinationArn = dataBucketArn(this.naming, cls.id, this.destinationRegion);
    const cfn = source.bucket.node.defaultChild as s3.CfnBucket;
    cfn.replicationConfiguration = {
      role: this.role.roleArn,
      rules: [
        {
          id: `${cls.id}-to-${this.destinationRegion}`,
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: destinationArn,
            storageClass: 'STANDARD',
            encryptionConfiguration: {
              replicaKmsKeyId: dataKeyAliasArn(this.naming, cls.id, this.destinationRegion),
            },
          },
        },
      ],
    };
    this.grantReplication(source.bucket, sourceKey, destinationArn, cls.id);
    const { appName, jurisdictionId } = this.naming;
    this.wildcardResources.push(
      `Resource::<${Stack.of(this).getLogicalId(cfn)}.Arn>/*`,
      `Resource::arn:<AWS::Partition>:s3:::${appName}-${jurisdictionId}-${cls.id}-<AWS::AccountId>-${this.destinationRegion}/*`,
    );
    // cdk-nag keeps one suppression per rule id on a construct, so the whole list is restated.
    suppress(this.policy, [{ rule: 'AwsSolutions-IAM5', reason: 'replicationWildcards', appliesTo: this.wildcardResources }]);
  }

  private grantReplication(source: s3.IBucket, sourceKey: kms.IKey, destinationArn: string, classId: string): void {
    this.policy.addStatements(
      new iam.PolicyStatement({
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [source.bucketArn],
      }),
    );
    this.policy.addStatements(
      new iam.PolicyStatement({
        actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        resources: [source.arnForObjects('*')],
      }),
    );
    this.policy.addStatements(
      new iam.PolicyStatement({
        actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        resources: [`${destinationArn}/*`],
      }),
    );
    this.policy.addStatements(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [sourceKey.keyArn] }));
    // The replica key lives in another region and stack; it is addressed by its alias, so the
    // grant is on keys of that region carrying exactly that alias.
    this.policy.addStatements(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [`arn:${Aws.PARTITION}:kms:${this.destinationRegion}:${Aws.ACCOUNT_ID}:key/*`],
        conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': dataKeyAlias(this.naming, classId) } },
      }),
    );
  }
}
