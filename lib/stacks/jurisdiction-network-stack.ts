import { Aws, CfnResource, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { HandlerNetworkProps } from '../constructs/handler-network';
import { HostPatching } from '../constructs/host-patching';
import { ManagedPrefixLists } from '../constructs/managed-prefix-lists';
import {
  endpointDestinations, hostPackageBuckets, ownAccountOnly, ownPrincipalsOnly, ownPrincipalsRead, type VpcEndpointAccess,
} from '../constructs/vpc-endpoint-policies';
import { endpointPolicyOwnAccount } from '../nag/rules/endpoint-policy-own-account';
import { functionInVpc } from '../nag/rules/function-in-vpc';
import { STEWARD_PACK_NAME } from '../nag/security-summary-checks';
import { OperationalLogGroup } from '../constructs/operational-log-group';
import { RESTRICT_DEFAULT_SG_PROVIDER } from '../nag/checkov-skips';
import { suppress, suppressComplianceRule } from '../nag/suppressions';
import type { JurisdictionStackProps } from './jurisdiction-stack-props';
import { JurisdictionStack } from './jurisdiction-stack';

/** Subnet groups of the VPC, named by what runs in them. */
export const SUBNET_GROUP = {
  /** Internet-facing load balancers only; the only subnets with a route to the internet. */
  frontEnd: 'front-end',
  /** Platform services behind the load balancers and the interface endpoints; no internet route. */
  services: 'services',
  /** The bastion and the Client VPN associations; no internet route. */
  operators: 'operators',
} as const;

/**
 * The interface endpoints: what the handlers in the VPC call (KMS, STS, Step Functions, Cognito
 * user pools; see test/iam/handler-calls.ts) and what the bastion's agent calls (SSM, Logs).
 */
const INTERFACE_ENDPOINTS: readonly { id: string; service: ec2.InterfaceVpcEndpointAwsService; prefix: string; agent?: boolean }[] = [
  { id: 'Kms', service: ec2.InterfaceVpcEndpointAwsService.KMS, prefix: 'kms' },
  { id: 'Sts', service: ec2.InterfaceVpcEndpointAwsService.STS, prefix: 'sts' },
  { id: 'StepFunctions', service: ec2.InterfaceVpcEndpointAwsService.STEP_FUNCTIONS, prefix: 'states' },
  { id: 'CognitoIdp', service: ec2.InterfaceVpcEndpointAwsService.COGNITO_IDP, prefix: 'cognito-idp' },
  { id: 'Logs', service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, prefix: 'logs' },
  { id: 'Ssm', service: ec2.InterfaceVpcEndpointAwsService.SSM, prefix: 'ssm', agent: true },
  { id: 'SsmMessages', service: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES, prefix: 'ssmmessages', agent: true },
  { id: 'Ec2Messages', service: ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES, prefix: 'ec2messages', agent: true },
];

export interface JurisdictionNetworkStackProps extends JurisdictionStackProps {
  /** The region's `operational-logs` key; flow logs are encrypted with it. */
  readonly operationalLogsKey: kms.IKey;
}

/**
 * The primary region's network: a VPC over three named zones (P-RESILIENCE) without NAT, so
 * services and hosts reach AWS only through VPC endpoints whose policies admit only this
 * account (the data perimeter); flow logs of all traffic; and the patching of every host in the
 * region (P-HARDENED-HOSTS).
 */
export class JurisdictionNetworkStack extends JurisdictionStack {
  readonly vpc: ec2.Vpc;
  readonly patching: HostPatching;
  readonly endpoints: VpcEndpointAccess;
  /** Where the jurisdiction's handlers run (HandlerNetwork.declare in the stacks that hold handlers). */
  readonly handlerNetwork: HandlerNetworkProps;
  private zones: readonly string[] = [];

  constructor(scope: Construct, id: string, props: JurisdictionNetworkStackProps) {
    super(scope, id, props);
    const { jurisdiction } = props;
    this.zones = jurisdiction.availabilityZones;

    const vpcCidr = jurisdiction.network.vpcCidr;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(vpcCidr),
      availabilityZones: [...jurisdiction.availabilityZones],
      natGateways: 0,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: SUBNET_GROUP.frontEnd, subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: SUBNET_GROUP.services, subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        { name: SUBNET_GROUP.operators, subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    // Each subnet's zone comes from the jurisdiction configuration, so synth needs no lookup.
    Validations.of(this.vpc).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason: 'Availability zones are explicit in the jurisdiction configuration',
    });

    for (const subnet of this.vpc.publicSubnets) {
      suppressComplianceRule(subnet.node.findChild('DefaultRoute'), 'VPCNoUnrestrictedRouteToIGW', 'frontEndSubnetsRouteToInternet');
    }

    this.logDefaultSecurityGroupRestriction(jurisdiction, props.operationalLogsKey);

    const flowLogs = new OperationalLogGroup(this, 'FlowLogs', { jurisdiction, encryptionKey: props.operationalLogsKey });
    // The delivery role's rights live in a managed policy scoped to the one log group; the role is
    // handed over without policy updates so nothing adds an inline policy next to it.
    const flowLogRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Delivers this VPC flow logs to their log group',
      managedPolicies: [
        new iam.ManagedPolicy(this, 'FlowLogDelivery', {
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
              resources: [flowLogs.logGroup.logGroupArn],
            }),
          ],
        }),
      ],
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs.logGroup, flowLogRole.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    // Data paths to S3 and DynamoDB (and the Amazon Linux package repositories, which are S3
    // buckets) stay on the AWS network. Every endpoint's policy admits only this account's
    // principals and resources (the data perimeter): no credentials of another account, and no
    // other account's bucket, table or key, are usable from inside the VPC.
    const prefix = `${props.appName}-${jurisdiction.id}-`;
    const ownBuckets = [`arn:${Aws.PARTITION}:s3:::${prefix}*`, `arn:${Aws.PARTITION}:s3:::${prefix}*/*`];
    const s3 = this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    s3.addToPolicy(ownAccountOnly('s3', ownBuckets));
    s3.addToPolicy(ownPrincipalsRead('HostPackagesAndAgent', ['s3:GetObject'], hostPackageBuckets(this.region)));
    const dynamoDb = this.vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    dynamoDb.addToPolicy(ownAccountOnly('dynamodb'));

    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(443), 'AWS API calls from the VPC');
    for (const endpoint of INTERFACE_ENDPOINTS) {
      const created = this.vpc.addInterfaceEndpoint(endpoint.id, {
        service: endpoint.service,
        privateDnsEnabled: true,
        open: false,
        securityGroups: [endpointSecurityGroup],
        subnets: { subnetGroupName: SUBNET_GROUP.services },
      });
      if (endpoint.agent) {
        // The SSM agent's calls name AWS-owned documents or no resource at all.
        created.addToPolicy(ownPrincipalsOnly(endpoint.prefix));
        suppress(created, [{ rule: `${STEWARD_PACK_NAME}-${endpointPolicyOwnAccount.id}`, reason: 'agentEndpointNamesNoAccount' }]);
      } else {
        created.addToPolicy(ownAccountOnly(endpoint.prefix));
      }
    }

    const prefixLists = new ManagedPrefixLists(this, 'GatewayPrefixLists', { jurisdiction, logKey: props.operationalLogsKey });
    this.endpoints = { securityGroup: endpointSecurityGroup, s3PrefixListId: prefixLists.s3, dynamoDbPrefixListId: prefixLists.dynamoDb };
    const handlerSecurityGroup = new ec2.SecurityGroup(this, 'HandlerSecurityGroup', {
      vpc: this.vpc,
      description: 'Lambda handlers: HTTPS to the VPC endpoints only (interface endpoints, S3 and DynamoDB prefix lists)',
      allowAllOutbound: false,
    });
    const to = endpointDestinations(this.endpoints);
    handlerSecurityGroup.addEgressRule(to.interfaces, ec2.Port.tcp(443), 'Interface endpoints');
    handlerSecurityGroup.addEgressRule(to.s3, ec2.Port.tcp(443), 'S3 gateway endpoint');
    handlerSecurityGroup.addEgressRule(to.dynamoDb, ec2.Port.tcp(443), 'DynamoDB gateway endpoint');
    this.handlerNetwork = {
      vpc: this.vpc,
      subnets: { subnetGroupName: SUBNET_GROUP.services },
      securityGroup: handlerSecurityGroup,
    };

    this.patching = new HostPatching(this, 'HostPatching', { patchGroup: `${props.appName}-${jurisdiction.id}-hosts` });
  }

  /**
   * The configured zones. With an account set, Stack would otherwise look them up in the account
   * (a context lookup that needs credentials), and the VPC checks its zones against that list.
   */
  override get availabilityZones(): string[] {
    return [...this.zones];
  }

  /**
   * The Lambda behind `restrictDefaultSecurityGroup` is a provider CDK adds itself, and by default
   * it logs into a group Lambda creates on first run, without a key and kept forever. It gets an
   * operational-logs group of its own instead (P-ENCRYPT-REST, P-RETENTION); its role's basic
   * execution policy already lets it write there.
   */
  private logDefaultSecurityGroupRestriction(jurisdiction: JurisdictionStackProps['jurisdiction'], key: kms.IKey): void {
    const handler = this.node.tryFindChild(RESTRICT_DEFAULT_SG_PROVIDER)?.node.tryFindChild('Handler');
    if (!(handler instanceof CfnResource)) {
      throw new Error(
        `vpc: the ${RESTRICT_DEFAULT_SG_PROVIDER} handler was not found in ${this.stackName}; aws-cdk-lib changed how it builds it`,
      );
    }
    const group = new OperationalLogGroup(this, 'DefaultSecurityGroupRestrictionLogs', { jurisdiction, encryptionKey: key });
    handler.addPropertyOverride('LoggingConfig', { LogGroup: group.logGroup.logGroupName, LogFormat: 'JSON' });
    suppress(handler, [{ rule: `${STEWARD_PACK_NAME}-${functionInVpc.id}`, reason: 'cdkProviderRunsOnDeploy' }]);
  }
}

