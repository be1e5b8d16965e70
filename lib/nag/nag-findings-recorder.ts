import { Stack } from 'aws-cdk-lib';
import type {
  INagLogger,
  NagLoggerBaseData,
  NagLoggerComplianceData,
  NagLoggerErrorData,
  NagLoggerNonComplianceData,
  NagLoggerNotApplicableData,
  NagLoggerSuppressedData,
  NagLoggerSuppressedErrorData,
} from 'cdk-nag';

/** What one rule concluded about one resource. */
export type NagOutcome = 'compliant' | 'non-compliant' | 'suppressed' | 'error' | 'suppressed-error';

export interface NagRecord {
  readonly pack: string;
  readonly ruleId: string;
  readonly outcome: NagOutcome;
  readonly stack: string;
  readonly path: string;
  readonly resourceType: string;
  /** Finding id within the resource (for rules that report several), or empty. */
  readonly findingId: string;
  /** Suppression reason, or the error message of a rule that threw. */
  readonly detail: string;
}

/**
 * A cdk-nag logger that keeps every outcome in memory, so scripts and tests can read findings,
 * suppressions and passes without parsing annotations or reports. Not-applicable outcomes are dropped.
 */
export class NagFindingsRecorder implements INagLogger {
  readonly records: NagRecord[] = [];

  onCompliance(data: NagLoggerComplianceData): void {
    this.add(data, 'compliant', '', '');
  }
  onNonCompliance(data: NagLoggerNonComplianceData): void {
    this.add(data, 'non-compliant', data.findingId, '');
  }
  onSuppressed(data: NagLoggerSuppressedData): void {
    this.add(data, 'suppressed', data.findingId, data.suppressionReason);
  }
  onError(data: NagLoggerErrorData): void {
    this.add(data, 'error', '', data.errorMessage);
  }
  onSuppressedError(data: NagLoggerSuppressedErrorData): void {
    this.add(data, 'suppressed-error', '', data.errorSuppressionReason);
  }
  onNotApplicable(_data: NagLoggerNotApplicableData): void {}

  /** Unsuppressed findings and rule errors, as `RuleId: path[finding]` lines. */
  failures(): string[] {
    return this.records
      .filter((r) => r.outcome === 'non-compliant' || r.outcome === 'error')
      .map((r) => `${r.ruleId}: ${r.path}${r.findingId ? `[${r.findingId}]` : ''}`);
  }

  private add(data: NagLoggerBaseData, outcome: NagOutcome, findingId: string, detail: string): void {
    this.records.push({
      pack: data.nagPackName,
      ruleId: data.ruleId,
      outcome,
      stack: Stack.of(data.resource).stackName,
      path: data.resource.node.path,
      resourceType: data.resource.cfnResourceType,
      findingId,
      detail,
    });
  }
}
