import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, type NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { STEWARD_RULES } from './rules';

/** Pack name, the prefix of every rule id: `Steward-P-RESIDENCY-StackRegionInJurisdiction`. */
export const STEWARD_PACK_NAME = 'Steward';

/**
 * cdk-nag pack that asserts the security summary promise by promise. The rules live in
 * lib/nag/rules/ (one per file, each id starting with its promise id); the pack only composes.
 */
export class SecuritySummaryChecks extends NagPack {
  constructor(props?: NagPackProps) {
    super(props);
    this.packName = STEWARD_PACK_NAME;
  }

  public visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    for (const rule of STEWARD_RULES) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: NagMessageLevel.ERROR,
        rule: rule.check,
        node,
      });
    }
  }
}
