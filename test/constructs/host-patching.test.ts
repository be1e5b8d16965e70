import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HostPatching, PATCH_GROUP_TAG } from '../../lib/constructs/host-patching';
import { newTestApp } from '../support/app';

function patchingStack(props: Partial<ConstructorParameters<typeof HostPatching>[2]> = {}) {
  const stack = new Stack(newTestApp(), 'Patching', { env: { region: 'eu-central-1' } });
  const patching = new HostPatching(stack, 'HostPatching', { patchGroup: 'steward-eu-hosts', ...props });
  return { stack, patching };
}

describe('HostPatching (P-HARDENED-HOSTS)', () => {
  const { stack } = patchingStack();
  const t = Template.fromStack(stack);
  const byTag = [{ Key: `tag:${PATCH_GROUP_TAG}`, Values: ['steward-eu-hosts'] }];

  test('an Amazon Linux 2023 baseline approves security patches within seven days for the patch group', () => {
    t.hasResourceProperties('AWS::SSM::PatchBaseline', {
      OperatingSystem: 'AMAZON_LINUX_2023',
      PatchGroups: ['steward-eu-hosts'],
      ApprovalRules: {
        PatchRules: [
          Match.objectLike({
            ApproveAfterDays: 7,
            EnableNonSecurity: false,
            PatchFilterGroup: { PatchFilters: Match.arrayWith([{ Key: 'CLASSIFICATION', Values: ['Security'] }]) },
          }),
        ],
      },
    });
  });

  test('a daily maintenance window installs patches on every host carrying the tag', () => {
    t.hasResourceProperties('AWS::SSM::MaintenanceWindow', { Schedule: 'cron(0 3 ? * * *)', AllowUnassociatedTargets: false });
    t.hasResourceProperties('AWS::SSM::MaintenanceWindowTarget', { ResourceType: 'INSTANCE', Targets: byTag });
    t.hasResourceProperties('AWS::SSM::MaintenanceWindowTask', {
      TaskArn: 'AWS-RunPatchBaseline',
      TaskType: 'RUN_COMMAND',
      TaskInvocationParameters: {
        MaintenanceWindowRunCommandParameters: { Parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] } },
      },
    });
  });

  test('an association scans every tagged host daily, by tag and never by instance id', () => {
    t.hasResourceProperties('AWS::SSM::Association', {
      Name: 'AWS-RunPatchBaseline',
      Targets: byTag,
      ScheduleExpression: 'rate(1 day)',
      Parameters: { Operation: ['Scan'] },
    });
  });

  test('enrol tags a host with the patch group', () => {
    const { stack: s, patching } = patchingStack();
    const vpc = new ec2.Vpc(s, 'Vpc', { availabilityZones: ['eu-central-1a'], natGateways: 0 });
    const host = new ec2.Instance(s, 'Host', {
      vpc,
      instanceType: new ec2.InstanceType('t4g.nano'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
    });
    patching.enrol(host);
    Template.fromStack(s).hasResourceProperties('AWS::EC2::Instance', {
      Tags: Match.arrayWith([{ Key: PATCH_GROUP_TAG, Value: 'steward-eu-hosts' }]),
    });
  });

  test('refuses an approval delay outside 0..30 days, naming the prop', () => {
    expect(() => patchingStack({ approveAfterDays: 45 })).toThrow(/^approveAfterDays: must be a whole number of days 0\.\.30, got 45$/);
  });

  test('refuses a patch group that is not a tag value, naming the prop', () => {
    expect(() => patchingStack({ patchGroup: 'two words' })).toThrow(/^patchGroup: /);
  });
});
