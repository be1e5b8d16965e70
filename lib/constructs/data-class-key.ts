import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { DataClass } from '../inventory/data-classes';
import { refuseKeyAdministrationExceptByAdministrators } from './key-administration';
import { dataKeyAlias, type StoreNaming } from './naming';

export interface DataClassKeyProps {
  /** App and jurisdiction the key's alias is named under. */
  readonly naming: StoreNaming;
  /** The data class whose stores this key encrypts; one key per class keeps grants narrow. */
  readonly dataClass: DataClass;
  /**
   * Service principals allowed to encrypt with the key directly (e.g. the S3 log delivery service).
   * Each is limited to this account through `aws:SourceAccount`.
   * @default none
   */
  readonly deliveryServices?: readonly string[];
  /**
   * Let CloudWatch Logs in this region encrypt log groups of this account with the key.
   * @default false
   */
  readonly allowCloudWatchLogs?: boolean;
}

/**
 * A key whose grants to its delivery services carry the same `aws:SourceAccount` condition as
 * its own statements: a bucket that sends its access logs to a bucket under this key grants the
 * log delivery service use of the key itself (aws-cdk-lib), which would otherwise serve log
 * delivery for any account.
 */
class DeliveryScopedKey extends kms.Key {
  constructor(scope: Construct, id: string, props: kms.KeyProps, private readonly deliveryServices: readonly string[]) {
    super(scope, id, props);
  }

  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return super.grant(this.scoped(grantee), ...actions);
  }

  grantEncryptDecrypt(grantee: iam.IGrantable): iam.Grant {
    return super.grantEncryptDecrypt(this.scoped(grantee));
  }

  private scoped(grantee: iam.IGrantable): iam.IGrantable {
    const principal = grantee.grantPrincipal;
    if (!(principal instanceof iam.ServicePrincipal) || !this.deliveryServices.includes(principal.service)) return grantee;
    return new iam.PrincipalWithConditions(principal, { StringEquals: { 'aws:SourceAccount': this.stack.account } });
  }
}

/**
 * A customer-managed key for one data class in one region: rotation on, retained on stack
 * deletion, reachable under a predictable alias. Usage is granted per role by IAM (`grant*`),
 * so the key policy only delegates to the account and names the delivery services; tag, policy and
 * deletion changes are refused to everyone but the named administrators.
 */
export class DataClassKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: DataClassKeyProps) {
    super(scope, id);
    this.key = new DeliveryScopedKey(this, 'Key', {
      alias: dataKeyAlias(props.naming, props.dataClass.id),
      description: `${props.naming.appName} ${props.naming.jurisdictionId}: ${props.dataClass.title}`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    }, props.deliveryServices ?? []);
    refuseKeyAdministrationExceptByAdministrators(this.key);
    for (const service of props.deliveryServices ?? []) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `AllowDeliveryBy${serviceWords(service)}`,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey*', 'kms:Encrypt', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.key.stack.account } },
        }),
      );
    }
    if (props.allowCloudWatchLogs) {
      const { region, account, partition } = this.key.stack;
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchLogsOfThisAccount',
          principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: {
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
          },
        }),
      );
    }
  }
}

/** `logging.s3.amazonaws.com` → `LoggingS3`, for a statement id. */
function serviceWords(service: string): string {
  return service.replace(/\.amazonaws\.com$/, '').split('.').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
