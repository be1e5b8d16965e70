import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { renderedProperties, type RenderedProps, type StewardRule } from '../rule-support';

/** The weakest password policy a user pool may have. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_TEMPORARY_PASSWORD_DAYS = 7;

/**
 * Passwords are strong where people have them. The portal's user pools require at least 12
 * characters of four kinds and temporary passwords that lapse within a week. The app has no IAM
 * users and CloudFormation cannot set the account password policy, so an IAM user with a console
 * password fails: its password strength could not be shown.
 */
export const passwordPolicyStrong: StewardRule = {
  id: 'P-PORTAL-MFA-PasswordPolicyStrong',
  promise: 'P-PORTAL-MFA',
  scope: {
    judges:
      `Every AWS::Cognito::UserPool: Policies.PasswordPolicy (length >= ${MIN_PASSWORD_LENGTH}, upper and lower case, numbers, ` +
      `symbols, temporary passwords valid <= ${MAX_TEMPORARY_PASSWORD_DAYS} days); every AWS::IAM::User with a LoginProfile fails.`,
    cannot:
      'The IAM account password policy (not a CloudFormation resource; the app defines no IAM users, and console users ' +
      'outside the template are not seen), and passwords of federated identity providers.',
  },
  info: 'P-PORTAL-MFA: a user pool\'s password policy is weaker than required, or an IAM user has a console password.',
  explanation:
    `A second factor backs a strong first one: each user pool must require passwords of at least ${MIN_PASSWORD_LENGTH} ` +
    'characters with upper and lower case letters, numbers and symbols, and temporary passwords valid at most ' +
    `${MAX_TEMPORARY_PASSWORD_DAYS} days. IAM users with console passwords are refused, since the account password ` +
    'policy cannot be declared in CloudFormation.',
  check: (node: CfnResource) => {
    const props = renderedProperties(node);
    if (node.cfnResourceType === 'AWS::IAM::User') {
      return props.LoginProfile === undefined ? NagRuleCompliance.COMPLIANT : ['console-password'];
    }
    if (node.cfnResourceType !== 'AWS::Cognito::UserPool') return NagRuleCompliance.NOT_APPLICABLE;
    const policy = (props.Policies as RenderedProps | undefined)?.PasswordPolicy as RenderedProps | undefined;
    const findings: string[] = [];
    if (!(Number(policy?.MinimumLength) >= MIN_PASSWORD_LENGTH)) findings.push('length');
    for (const kind of ['RequireLowercase', 'RequireUppercase', 'RequireNumbers', 'RequireSymbols']) {
      if (policy?.[kind] !== true && policy?.[kind] !== 'true') findings.push(kind);
    }
    if (!(Number(policy?.TemporaryPasswordValidityDays ?? 7) <= MAX_TEMPORARY_PASSWORD_DAYS)) findings.push('temporary-password-days');
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
