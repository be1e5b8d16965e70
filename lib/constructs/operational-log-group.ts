import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import { retentionDaysFor } from '../config/validate';
import { dataClass } from '../inventory/data-classes';
import { retentionLabel, tagWithDataClass } from '../inventory/tags';

/** The retention values CloudWatch Logs accepts, up to the 30 days operational logs may be kept. */
const LOG_RETENTION_STEPS = [1, 3, 5, 7, 14, 30] as const;

export interface OperationalLogGroupProps {
  /** Jurisdiction whose `operational-logs` retention applies and whose tag the group carries. */
  readonly jurisdiction: ResolvedJurisdiction;
  /** The region's operational-logs key (its policy lets CloudWatch Logs of this account use it). */
  readonly encryptionKey: kms.IKey;
  /**
   * Physical name, for services that require one (WAF logs must go to `aws-waf-logs-*`).
   * @default a generated name
   */
  readonly logGroupName?: string;
}

/**
 * A log group of the `operational-logs` class (flow logs, VPN connection logs): encrypted with the
 * class key and kept no longer than the class retention (P-RETENTION, P-ENCRYPT-REST).
 */
export class OperationalLogGroup extends Construct {
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OperationalLogGroupProps) {
    super(scope, id);
    const cls = dataClass('operational-logs');
    const keptDays = cloudWatchRetention(retentionDaysFor(props.jurisdiction, cls.id));
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: props.encryptionKey,
      retention: keptDays,
      // Kept after stack deletion: retention still expires it, and an incident review may need it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    tagWithDataClass(this, cls, props.jurisdiction.id, retentionLabel(cls, keptDays));
  }
}

/**
 * The longest retention CloudWatch Logs accepts that does not exceed `days`: CloudWatch only takes
 * fixed steps, and rounding up would keep logs longer than declared.
 */
export function cloudWatchRetention(days: number): logs.RetentionDays {
  const fitting = LOG_RETENTION_STEPS.filter((step) => step <= days);
  if (fitting.length === 0) throw new Error(`days: ${days} is below the shortest CloudWatch retention of 1 day`);
  return fitting[fitting.length - 1] as logs.RetentionDays;
}
