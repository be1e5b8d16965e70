import type { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { resolvedList, type StewardRule } from '../rule-support';

/** User pools offer (or require) MFA with an authenticator app (TOTP). */
export const userPoolOffersMfa: StewardRule = {
  id: 'P-PORTAL-MFA-UserPoolOffersMfa',
  promise: 'P-PORTAL-MFA',
  scope: {
    judges: 'Every AWS::Cognito::UserPool: MFA mode and TOTP.',
    cannot: 'Whether users actually enrol a second factor.',
  },
  info: 'P-PORTAL-MFA: the user pool does not offer TOTP multi-factor authentication.',
  explanation:
    'Two-factor authentication is available to portal users: MfaConfiguration must be ON or OPTIONAL and EnabledMfas ' +
    'must include SOFTWARE_TOKEN_MFA.',
  check: (node: CfnResource) => {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const mode = NagRules.resolveIfPrimitive(node, node.mfaConfiguration);
    const totp = resolvedList<string>(node, node.enabledMfas).includes('SOFTWARE_TOKEN_MFA');
    return (mode === 'ON' || mode === 'OPTIONAL') && totp ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
