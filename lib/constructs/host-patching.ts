import { Tags } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, type IConstruct } from 'constructs';

/**
 * The tag Systems Manager Patch Manager reads to pick a host's patch baseline; the key is fixed by
 * Patch Manager (`PatchGroup`), so the maintenance window and the association target it too.
 */
export const PATCH_GROUP_TAG = 'PatchGroup';

export interface HostPatchingProps {
  /** Value of the `PatchGroup` tag every host of the region carries, e.g. `steward-eu-hosts`. */
  readonly patchGroup: string;
  /**
   * Days after release before a security patch is approved automatically.
   * @default 7
   */
  readonly approveAfterDays?: number;
  /**
   * When patches are installed (maintenance window schedule, UTC).
   * @default 'cron(0 3 ? * * *)' (daily at 03:00)
   */
  readonly installSchedule?: string;
}

/**
 * Keeps every host of a region on current security patches (P-HARDENED-HOSTS): an Amazon Linux
 * 2023 baseline that approves security updates after a few days, a daily maintenance window that
 * installs them (rebooting if needed), and an association that scans every tagged host daily
 * so compliance is reported even between windows. Hosts join by carrying the patch-group tag
 * ({@link HostPatching.enrol}); nothing is targeted by instance id.
 */
export class HostPatching extends Construct {
  readonly patchGroup: string;
  readonly baseline: ssm.CfnPatchBaseline;

  constructor(scope: Construct, id: string, props: HostPatchingProps) {
    super(scope, id);
    const approveAfterDays = props.approveAfterDays ?? 7;
    if (!Number.isInteger(approveAfterDays) || approveAfterDays < 0 || approveAfterDays > 30) {
      throw new Error(`approveAfterDays: must be a whole number of days 0..30, got ${approveAfterDays}`);
    }
    if (!/^[A-Za-z0-9_.:/=+@-]{1,128}$/.test(props.patchGroup)) {
      throw new Error(`patchGroup: '${props.patchGroup}' is not a valid tag value`);
    }
    this.patchGroup = props.patchGroup;
    const targets = [{ key: `tag:${PATCH_GROUP_TAG}`, values: [props.patchGroup] }];

    this.baseline = new ssm.CfnPatchBaseline(this, 'Baseline', {
      name: `${props.patchGroup}-al2023-security`,
      description: `Security updates for Amazon Linux 2023, approved ${approveAfterDays} days after release`,
      operatingSystem: 'AMAZON_LINUX_2023',
      patchGroups: [props.patchGroup],
      approvalRules: {
        patchRules: [
          {
            approveAfterDays,
            complianceLevel: 'CRITICAL',
            enableNonSecurity: false,
            patchFilterGroup: {
              patchFilters: [
                { key: 'CLASSIFICATION', values: ['Security'] },
                { key: 'SEVERITY', values: ['Critical', 'Important', 'Medium', 'Low'] },
              ],
            },
          },
        ],
      },
    });

    const window = new ssm.CfnMaintenanceWindow(this, 'Window', {
      name: `${props.patchGroup}-patching`,
      description: 'Installs approved security patches on every host of the patch group',
      schedule: props.installSchedule ?? 'cron(0 3 ? * * *)',
      scheduleTimezone: 'UTC',
      duration: 3,
      cutoff: 1,
      allowUnassociatedTargets: false,
    });
    const windowTarget = new ssm.CfnMaintenanceWindowTarget(this, 'WindowTarget', {
      windowId: window.ref,
      resourceType: 'INSTANCE',
      targets,
    });
    new ssm.CfnMaintenanceWindowTask(this, 'InstallTask', {
      windowId: window.ref,
      taskArn: 'AWS-RunPatchBaseline',
      taskType: 'RUN_COMMAND',
      priority: 1,
      maxConcurrency: '1',
      maxErrors: '1',
      targets: [{ key: 'WindowTargetIds', values: [windowTarget.ref] }],
      taskInvocationParameters: {
        maintenanceWindowRunCommandParameters: {
          parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] },
        },
      },
    });
    new ssm.CfnAssociation(this, 'DailyScan', {
      name: 'AWS-RunPatchBaseline',
      associationName: `${props.patchGroup}-patch-scan`,
      scheduleExpression: 'rate(1 day)',
      targets,
      parameters: { Operation: ['Scan'] },
      complianceSeverity: 'CRITICAL',
    });
  }

  /** Puts a host (and everything under it) into this patch group. */
  enrol(host: IConstruct): void {
    Tags.of(host).add(PATCH_GROUP_TAG, this.patchGroup);
  }
}
