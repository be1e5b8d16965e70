import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, type NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { StewardRule } from './rule-support';
import { STEWARD_RULES } from './rules';

export interface SecuritySummaryChecksProps extends NagPackProps {
  /**
   * The rules to apply, e.g. one rule under test or a rule not yet enforced on the app.
   * @default STEWARD_RULES, every rule of the pack
   */
  readonly rules?: readonly StewardRule[];
}

/** Pack name, the prefix of every rule id: `Steward-P-RESIDENCY-StackRegionInJurisdiction`. */
export const STEWARD_PACK_NAME = 'Steward';

/**
 * cdk-nag pack that asserts the security summary promise by promise. The rules live in
 * lib/nag/rules/ (one per file, each id starting with its promise id); the pack only composes.
 */
export class SecuritySummaryChecks extends NagPack {
  private readonly rules: readonly StewardRule[];

  constructor(props: SecuritySummaryChecksProps = {}) {
    super(props);
    this.packName = STEWARD_PACK_NAME;
    this.rules = props.rules ?? STEWARD_RULES;
  }

  public visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    for (const rule of this.rules) {
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
