import { Aws } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/** How hosts reach the VPC endpoints: the interface endpoints' security group and the gateway endpoints' prefix lists. */
export interface VpcEndpointAccess {
  /** Security group of the interface endpoints (HTTPS from the VPC). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Id of the region's S3 managed prefix list (the S3 gateway endpoint's destinations). */
  readonly s3PrefixListId: string;
  /** Id of the region's DynamoDB managed prefix list. */
  readonly dynamoDbPrefixListId: string;
}

/**
 * Endpoint policy statements of the data perimeter: a VPC endpoint admits only principals of the
 * platform's account, and (except for the AWS-owned resources hosts must read) only its resources.
 */

const ownPrincipals = { 'aws:PrincipalAccount': Aws.ACCOUNT_ID };

/** The service's own actions, by the platform's principals, on the platform's resources. */
export function ownAccountOnly(service: string, resources: string[] = ['*']): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'OwnPrincipalsOnOwnResources',
    principals: [new iam.StarPrincipal()],
    actions: [`${service}:*`],
    resources,
    conditions: { StringEquals: { ...ownPrincipals, 'aws:ResourceAccount': Aws.ACCOUNT_ID } },
  });
}

/** Reads of AWS-owned resources the platform's hosts need (package repositories, SSM agent documents), by its principals only. */
export function ownPrincipalsRead(sid: string, actions: string[], resources: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid, principals: [new iam.StarPrincipal()], actions, resources, conditions: { StringEquals: ownPrincipals },
  });
}

/** The service's own actions by the platform's principals, for services whose calls name no resource of an account. */
export function ownPrincipalsOnly(service: string): iam.PolicyStatement {
  return ownPrincipalsRead('OwnPrincipalsOnly', [`${service}:*`], ['*']);
}

/**
 * The AWS-owned buckets the bastion reads through the S3 gateway endpoint: the Amazon Linux 2023
 * package repositories and the SSM agent's buckets (documents, plugins, patch baseline snapshots).
 */
export function hostPackageBuckets(region: string): string[] {
  return [
    `al2023-repos-${region}-de612dc2`,
    `aws-ssm-${region}`,
    `amazon-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `${region}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${region}`,
    `aws-ssm-document-attachments-${region}`,
    `patch-baseline-snapshot-${region}`,
  ].map((b) => `arn:${Aws.PARTITION}:s3:::${b}/*`);
}

/**
 * Egress destinations written inside the security group itself: a group whose egress rules are
 * all separate resources keeps the allow-all egress AWS gives every new group, and aws-cdk-lib
 * writes rules to a prefix list or to a group construct as separate resources.
 */
export function endpointDestinations(endpoints: VpcEndpointAccess): { interfaces: ec2.IPeer; s3: ec2.IPeer; dynamoDb: ec2.IPeer } {
  return {
    interfaces: ec2.Peer.securityGroupId(endpoints.securityGroup.securityGroupId),
    s3: new InlinePrefixList(endpoints.s3PrefixListId),
    dynamoDb: new InlinePrefixList(endpoints.dynamoDbPrefixListId),
  };
}

/** A managed prefix list as a destination aws-cdk-lib writes inline (its own Peer.prefixList is written separately). */
class InlinePrefixList implements ec2.IPeer {
  readonly canInlineRule = true;
  readonly connections: ec2.Connections = new ec2.Connections({ peer: this });
  readonly uniqueId: string;

  constructor(private readonly prefixListId: string) {
    this.uniqueId = prefixListId;
  }

  toIngressRuleConfig(): ec2.IngressRuleConfig {
    return { sourcePrefixListId: this.prefixListId };
  }

  toEgressRuleConfig(): ec2.EgressRuleConfig {
    return { destinationPrefixListId: this.prefixListId };
  }
}
