import { Aspects } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TENANT_ID_ATTRIBUTE } from '../../lib/stacks/jurisdiction-portal-users-stack';
import { nagErrors } from '../support/app';
import { buildNetworkStacks } from '../support/network-stacks';
import { euWithOperators } from '../support/operators';
import { TAG } from '../../lib/vocabulary';

const optional = buildNetworkStacks(euWithOperators());
const t = Template.fromStack(optional.portalUsers);
const pool = () => Object.values(t.findResources('AWS::Cognito::UserPool'))[0];

function withMfa(portalMfa: 'optional' | 'required') {
  const eu = euWithOperators();
  return buildNetworkStacks({ ...eu, access: { ...eu.access!, portalMfa } });
}

describe('portal users stack (P-PORTAL-MFA)', () => {
  test('is pinned to the primary region', () => {
    expect(optional.portalUsers.region).toBe('eu-central-1');
  });

  test('offers TOTP as second factor and never SMS; optional by default', () => {
    expect(pool().Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool().Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool().Properties.SmsConfiguration).toBeUndefined();
  });

  test('requires the second factor when the configuration says required', () => {
    const required = Template.fromStack(withMfa('required').portalUsers);
    required.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  test('requires a strong password: 12 characters and every class', () => {
    expect(pool().Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
  });

  test('blocks risky sign-ins with threat protection on the Plus plan', () => {
    expect(pool().Properties.UserPoolTier).toBe('PLUS');
    expect(pool().Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });

  test('is protected from deletion and kept when the stack goes', () => {
    expect(pool().Properties.DeletionProtection).toBe('ACTIVE');
    expect(pool().DeletionPolicy).toBe('Retain');
  });

  test('users sign in with e-mail, are invited rather than signing up, and carry an immutable tenant id', () => {
    expect(pool().Properties.UsernameAttributes).toEqual(['email']);
    expect(pool().Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool().Properties.Schema).toContainEqual(
      expect.objectContaining({ Name: TENANT_ID_ATTRIBUTE, Mutable: false, AttributeDataType: 'String' }),
    );
  });

  test('every user passes the user guard: pre-sign-up and pre-token-generation, a function that only reads the registry', () => {
    const guard = Object.entries(t.findResources('AWS::Lambda::Function'))
      .find(([, f]) => f.Properties.Environment?.Variables?.REGISTRY_TABLE !== undefined)!;
    const ref = { 'Fn::GetAtt': [guard[0], 'Arn'] };
    expect(pool().Properties.LambdaConfig).toEqual({ PreSignUp: ref, PreTokenGeneration: ref });
    // Cognito may invoke it for this pool only.
    const permissions = Object.values(t.findResources('AWS::Lambda::Permission'));
    expect(permissions.map((p) => [p.Properties.Principal, Object.keys(p.Properties.SourceArn ?? {})])).toEqual(
      [['cognito-idp.amazonaws.com', ['Fn::GetAtt']], ['cognito-idp.amazonaws.com', ['Fn::GetAtt']]],
    );
    const statements = Object.values(t.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
      .flatMap((s) => [s.Action].flat());
    expect(statements.filter((a) => /^(dynamodb|cognito-idp|s3):/.test(a))).toEqual(['dynamodb:GetItem']);
  });

  test('is tagged as the user-accounts data class holding tenant data', () => {
    expect(pool().Properties.UserPoolTags).toMatchObject({
      [TAG.dataClass]: 'user-accounts',
      [TAG.tenantData]: 'true',
      [TAG.retention]: 'tenancy',
    });
  });

  test.each(['optional', 'required'] as const)('with MFA %s: no nag error, and COG2 is suppressed only when optional', (mfa) => {
    const stacks = withMfa(mfa);
    Aspects.of(stacks.app).add(new AwsSolutionsChecks());
    expect(nagErrors(stacks.portalUsers)).toEqual([]);
    const suppressed = JSON.stringify(Template.fromStack(stacks.portalUsers).toJSON()).includes('AwsSolutions-COG2');
    expect(suppressed).toBe(mfa === 'optional');
  });

  test('matches the snapshot', () => {
    expect(t.toJSON()).toMatchSnapshot();
  });
});
