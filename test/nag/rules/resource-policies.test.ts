import { renderedOutcome } from '../../support/nag';

const OWN_ROOT = { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] };
const allow = (Principal: unknown, Action: unknown, extra: Record<string, unknown> = {}) =>
  ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const denyAll = { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' };
const arnOf = (id: string) => ({ AWS: { 'Fn::GetAtt': [id, 'Arn'] } });
const key = (...Statement: unknown[]) => ({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Statement } } });
const bucketPolicy = (...Statement: unknown[]) => ({
  Type: 'AWS::S3::BucketPolicy',
  Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement } },
});
const bucket = { Type: 'AWS::S3::Bucket', Properties: {} };
const role = (Principal: unknown, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::IAM::Role',
  Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' }] }, ...extra },
});
const inline = (...Statement: unknown[]) => ({ Policies: [{ PolicyName: 'p', PolicyDocument: { Statement } }] });
const service = { Service: 'logging.s3.amazonaws.com' };
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe('P-TENANT-ISOLATION-PoliciesGrantOnlyOwnAccount', () => {
  const id = 'P-TENANT-ISOLATION-PoliciesGrantOnlyOwnAccount';

  test('passes the own account, roles of the app, services, and denies to everyone', () => {
    const out = renderedOutcome(id, [{
      name: 'data',
      resources: {
        Bucket: bucket,
        Reader: role(service),
        Key: key(allow({ AWS: OWN_ROOT }, 'kms:*'), allow(service, 'kms:Decrypt'), denyAll),
        Policy: bucketPolicy(allow(arnOf('Reader'), 's3:GetObject'), allow({ AWS: '111111111111' }, 's3:ListBucket')),
      },
    }]);
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails everyone (conditions or not), another account, an account it cannot read, NotPrincipal and federated users', () => {
    const out = renderedOutcome(id, [{
      name: 'data',
      resources: {
        Bucket: bucket,
        Key: key(allow('*', 'kms:Decrypt', { Condition: { StringEquals: { 'kms:CallerAccount': '111111111111' } } })),
        Policy: bucketPolicy(
          allow({ AWS: 'arn:aws:iam::222222222222:root' }, 's3:GetObject'),
          allow({ AWS: { 'Fn::ImportValue': 'somebody' } }, 's3:GetObject'),
          { Effect: 'Allow', NotPrincipal: { AWS: OWN_ROOT }, Action: 's3:GetObject', Resource: '*' },
          allow({ Federated: 'cognito-identity.amazonaws.com' }, 's3:GetObject'),
        ),
      },
    }]);
    expect(out.failures.sort()).toEqual([
      'data/Key[statement:0:everyone]', 'data/Policy[statement:0:account:222222222222]', 'data/Policy[statement:1:account:unknown]',
      'data/Policy[statement:2:principal]', 'data/Policy[statement:3:principal]',
    ]);
  });
});

describe('P-SUPPORT-CONSENT-ResourcePoliciesDelegateToIam', () => {
  const id = 'P-SUPPORT-CONSENT-ResourcePoliciesDelegateToIam';

  test('passes a key policy that delegates to the account and policies that allow only services', () => {
    const out = renderedOutcome(id, [{
      name: 'data',
      resources: {
        Bucket: bucket,
        Key: key(allow({ AWS: OWN_ROOT }, 'kms:*'), allow(service, 'kms:Decrypt')),
        Policy: bucketPolicy(allow(service, 's3:PutObject')),
      },
    }]);
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails a bucket policy that lets the support role read, and a key policy that lets a named role decrypt', () => {
    const out = renderedOutcome(id, [{
      name: 'data',
      resources: {
        Bucket: bucket,
        Support: role({ AWS: 'arn:aws:iam::111111111111:role/broker' }),
        Key: key(allow({ AWS: OWN_ROOT }, 'kms:*'), allow({ AWS: 'arn:aws:iam::111111111111:role/operators' }, 'kms:Decrypt')),
        Policy: bucketPolicy(allow(arnOf('Support'), 's3:GetObject'), allow({ AWS: OWN_ROOT }, 's3:GetObject')),
      },
    }]);
    expect(out.failures.sort()).toEqual(['data/Key[statement:1]', 'data/Policy[statement:0]', 'data/Policy[statement:1]']);
  });
});

describe('P-SUPPORT-CONSENT-NoStandingHumanDataAccess', () => {
  const id = 'P-SUPPORT-CONSENT-NoStandingHumanDataAccess';

  test('passes roles only services or roles of the app assume, and a people role that reads no data', () => {
    const out = renderedOutcome(id, [{
      name: 'rights',
      resources: {
        Broker: role({ Service: 'lambda.amazonaws.com' }, inline(allow(undefined, 's3:GetObject'))),
        Support: role({ AWS: { 'Fn::GetAtt': ['Broker', 'Arn'] } }, inline(allow(undefined, 'dynamodb:Query'))),
        Operators: role({ AWS: OWN_ROOT }, inline(allow(undefined, ['cloudwatch:GetMetricData', 's3:ListBucket']))),
      },
    }]);
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails people roles that read or decrypt data (wildcards, attached and managed policies), and an IAM user that reads', () => {
    const out = renderedOutcome(id, [{
      name: 'rights',
      resources: {
        Account: role({ AWS: OWN_ROOT }, inline(allow(undefined, 's3:Get*'))),
        Sso: role({ Federated: 'arn:aws:iam::111111111111:saml-provider/sso' }, { ManagedPolicyArns: [READ_ONLY] }),
        Elsewhere: role({ AWS: 'arn:aws:iam::111111111111:role/admins' }),
        Attached: {
          Type: 'AWS::IAM::Policy',
          Properties: { PolicyName: 'a', Roles: [{ Ref: 'Elsewhere' }], PolicyDocument: { Statement: [allow(undefined, 'kms:*')] } },
        },
        Contractor: { Type: 'AWS::IAM::User', Properties: inline(allow(undefined, 'dynamodb:Scan')) },
      },
    }]);
    expect(out.failures.sort()).toEqual([
      'rights/Account[inline:p:0]', 'rights/Contractor[inline:p:0]', 'rights/Elsewhere[policy:Attached:0]',
      'rights/Sso[managed-policy-arn]',
    ]);
  });
});
