import type { CfnResource } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import type { StewardRule } from '../rule-support';

/** Symmetric customer-managed keys rotate; asymmetric and HMAC keys cannot and are not applicable. */
export const keyRotationEnabled: StewardRule = {
  id: 'P-ENCRYPT-REST-KeyRotationEnabled',
  promise: 'P-ENCRYPT-REST',
  scope: {
    judges: 'Every symmetric AWS::KMS::Key: EnableKeyRotation.',
    cannot: 'Imported key material and keys created at run time (tenant keys are rotated by the onboarding code).',
  },
  info: 'P-ENCRYPT-REST: the symmetric KMS key does not have automatic rotation enabled.',
  explanation: 'Keys that protect stores rotate their key material automatically (EnableKeyRotation true).',
  check: (node: CfnResource) => {
    if (!(node instanceof kms.CfnKey)) return NagRuleCompliance.NOT_APPLICABLE;
    const spec = NagRules.resolveIfPrimitive(node, node.keySpec) ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    return NagRules.resolveIfPrimitive(node, node.enableKeyRotation) === true
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
