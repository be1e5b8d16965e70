import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { sshKeyMaterial, sshPublicKeyProblem } from '../config/ssh-public-key';
import type { OperatorConfig } from '../config/types';
import { bastionUserData } from './bastion-user-data';
import { endpointDestinations, type VpcEndpointAccess } from './vpc-endpoint-policies';
import { suppress } from '../nag/suppressions';

export interface BastionHostProps {
  /** The VPC the bastion runs in. */
  readonly vpc: ec2.IVpc;
  /** Subnets to place the bastion in: the operators' subnets, which have no internet route. */
  readonly subnets: ec2.SubnetSelection;
  /** One account and one SSH key per operator; the bastion's accounts are reconciled to this list. */
  readonly operators: readonly OperatorConfig[];
  /** The VPC endpoints the bastion reaches AWS through (its only egress besides nothing). */
  readonly endpoints: VpcEndpointAccess;
  /** Customer-managed key for the root volume. */
  readonly volumeKey: kms.IKey;
  /**
   * Instance size; the bastion only forwards SSH.
   * @default t4g.small (Graviton)
   */
  readonly instanceType?: ec2.InstanceType;
}

/**
 * The single SSH entry point for operators (P-OPERATOR-ACCESS, P-HARDENED-HOSTS): current Amazon
 * Linux 2023 (resolved from the public SSM parameter at deploy time), IMDSv2 only, root volume
 * encrypted with a customer-managed key, no key pair, sshd hardened by the boot script and no
 * inbound rule until a caller grants one. Changing the operators changes the user data, which
 * replaces the instance, so the new host starts from exactly the configured accounts.
 */
export class BastionHost extends Construct {
  readonly instance: ec2.Instance;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: BastionHostProps) {
    super(scope, id);
    const seen = new Set<string>();
    const keys = new Set<string>();
    props.operators.forEach((op, i) => {
      if (!/^[a-z][a-z0-9_-]{0,31}$/.test(op.name)) throw new Error(`operators[${i}].name: '${op.name}' is not a Linux account name`);
      if (seen.has(op.name)) throw new Error(`operators[${i}].name: duplicate operator '${op.name}'`);
      seen.add(op.name);
      const problem = sshPublicKeyProblem(op.sshPublicKey);
      if (problem) throw new Error(`operators[${i}].sshPublicKey: ${problem}`);
      if (keys.has(sshKeyMaterial(op.sshPublicKey))) throw new Error(`operators[${i}].sshPublicKey: key shared with another operator`);
      keys.add(sshKeyMaterial(op.sshPublicKey));
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Bastion: SSH only from the operator VPN; outbound only to the VPC endpoints (no internet route)',
      allowAllOutbound: false,
    });
    // Systems Manager, KMS and Logs endpoints, and the package repositories through the S3
    // gateway endpoint (its prefix list, so HTTPS never goes to the internet at large).
    const to = endpointDestinations(props.endpoints);
    this.securityGroup.addEgressRule(to.interfaces, ec2.Port.tcp(443), 'Interface endpoints (SSM, KMS, Logs)');
    this.securityGroup.addEgressRule(to.s3, ec2.Port.tcp(443), 'S3 gateway endpoint (package repositories, SSM agent)');

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Bastion: lets the SSM agent receive patching commands',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    suppress(role, [{
      rule: 'AwsSolutions-IAM4',
      reason: 'ssmAgentManagedPolicy',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore'],
    }]);

    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      securityGroup: this.securityGroup,
      role,
      userData: ec2.UserData.custom(bastionUserData(props.operators)),
      userDataCausesReplacement: true,
      // IMDSv2 only, set in a launch template (where the compliance packs look for it).
      requireImdsv2: true,
      detailedMonitoring: true,
      propagateTagsToVolumeOnCreation: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(16, {
            encrypted: true,
            kmsKey: props.volumeKey,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            deleteOnTermination: true,
          }),
        },
      ],
    });
    // The zone is the operator subnet's, which the configuration names so synth needs no lookup.
    Validations.of(this.instance).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason: 'Availability zones are explicit in the jurisdiction configuration',
    });
    suppress(this.instance, [{ rule: 'AwsSolutions-EC29', reason: 'bastionReplacedFromConfig' }]);
  }
}
