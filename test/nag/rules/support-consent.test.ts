import { Tags, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ruleOutcome } from '../../support/nag';
import { TAG } from '../../../lib/vocabulary';

const id = 'P-SUPPORT-CONSENT-SupportRoleScopedToTenant';
const TENANT = `\${aws:PrincipalTag/${TAG.tenant}}`;

/** A support role built the way the convention says, with one deliberate deviation applied by `spoil`. */
function supportRole(spoil: (role: iam.Role, broker: iam.Role, data: s3.Bucket, scope: iam.ManagedPolicy) => void = () => undefined) {
  return (s: Stack) => {
    const broker = new iam.Role(s, 'Broker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const data = new s3.Bucket(s, 'Data');
    const scope = new iam.ManagedPolicy(s, 'Scope', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [data.arnForObjects(`tenants/${TENANT}/*`)] })],
    });
    const role = new iam.Role(s, 'Support', {
      assumedBy: new iam.ArnPrincipal(broker.roleArn).withConditions({ StringLike: { [`aws:RequestTag/${TAG.tenant}`]: '?*' } }),
      permissionsBoundary: scope,
    });
    role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        principals: [new iam.ArnPrincipal(broker.roleArn)],
        actions: ['sts:TagSession'],
        conditions: { StringLike: { [`aws:RequestTag/${TAG.tenant}`]: '?*' } },
      }),
    );
    Tags.of(role).add(TAG.purpose, 'support-with-consent');
    spoil(role, broker, data, scope);
  };
}

describe('P-SUPPORT-CONSENT-SupportRoleScopedToTenant', () => {
  test('passes a broker-only, tenant-tagged role with no standing grant and a tenant-scoped boundary; ignores other roles', () => {
    expect(ruleOutcome(id, supportRole())).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a support role whose boundary has a data permission not scoped to the tenant', () => {
    const out = ruleOutcome(
      id,
      supportRole((_role, _broker, data, scope) =>
        scope.addStatements(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [data.arnForObjects('*')] })),
      ),
    );
    // The minimiser merges it into the boundary's one statement, which then reaches every object.
    expect(out.failures).toEqual(['RuleTest/Support/Resource[boundary:0]']);
  });

  test('fails a support role with a standing grant on data, even one scoped to the tenant: only a grant may enable it', () => {
    const out = ruleOutcome(
      id,
      supportRole((role, _broker, data) =>
        role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [data.arnForObjects(`tenants/${TENANT}/*`)] })),
      ),
    );
    expect(out.failures).toEqual([expect.stringMatching(/^RuleTest\/Support\/Resource\[standing-grant:policy:SupportDefaultPolicy\w+:0\]$/)]);
  });

  test('fails a support role without a permissions boundary', () => {
    const out = ruleOutcome(id, (s) => {
      const broker = new iam.Role(s, 'Broker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      const role = new iam.Role(s, 'Support', {
        assumedBy: new iam.ArnPrincipal(broker.roleArn).withConditions({ StringLike: { [`aws:RequestTag/${TAG.tenant}`]: '?*' } }),
      });
      role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({
        principals: [new iam.ArnPrincipal(broker.roleArn)],
        actions: ['sts:TagSession'],
        conditions: { StringLike: { [`aws:RequestTag/${TAG.tenant}`]: '?*' } },
      }));
      Tags.of(role).add(TAG.purpose, 'support-with-consent');
    });
    expect(out.failures).toEqual(['RuleTest/Support/Resource[boundary:missing]']);
  });

  test('fails a support role anyone in the account can assume without a tenant tag', () => {
    const out = ruleOutcome(id, (s) => {
      const role = new iam.Role(s, 'Support', { assumedBy: new iam.AccountRootPrincipal() });
      Tags.of(role).add(TAG.purpose, 'support-with-consent');
    });
    expect(out.failures).toEqual([
      'RuleTest/Support/Resource[trust:0:principal]',
      'RuleTest/Support/Resource[trust:0:tag-session]',
      'RuleTest/Support/Resource[trust:0:tenant-tag]',
      'RuleTest/Support/Resource[boundary:missing]',
    ]);
  });

  test('accepts key use limited to the stores by kms:ViaService, but not unconditioned key use', () => {
    const decrypt = (conditions?: Record<string, unknown>) =>
      supportRole((_role, _broker, _data, scope) =>
        scope.addStatements(
          new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['arn:aws:kms:eu-central-1:111111111111:key/k'], conditions }),
        ),
      );
    expect(ruleOutcome(id, decrypt({ StringEquals: { 'kms:ViaService': ['s3.eu-central-1.amazonaws.com'] } }))).toEqual({
      failures: [],
      compliant: 1,
    });
    expect(ruleOutcome(id, decrypt()).failures).toEqual(['RuleTest/Support/Resource[boundary:1]']);
  });

  test('fails a support role with an AWS managed policy attached', () => {
    const out = ruleOutcome(id, supportRole((role) => role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'))));
    expect(out.failures).toEqual(['RuleTest/Support/Resource[managed-policy-arns]']);
  });
});
