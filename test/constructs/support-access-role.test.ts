import { Aspects, type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SupportAccessRole } from '../../lib/constructs/support-access-role';
import { nagErrors, newTestApp } from '../support/app';
import { flatten } from '../support/cfn';
import { TAG } from '../../lib/vocabulary';

function supportRoleStack() {
  const app = newTestApp();
  const stack = new Stack(app, 'SupportTest', { env: { region: 'eu-central-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const broker = new iam.Role(stack, 'Broker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'steward-eu-access-logs');
  const table = dynamodb.TableV2.fromTableName(stack, 'Devices', 'devices');
  const support = new SupportAccessRole(stack, 'Support', { brokerRole: broker, buckets: [bucket], tables: [table], keys: [key] });
  Aspects.of(app).add(new AwsSolutionsChecks());
  return { stack, support, template: Template.fromStack(stack) };
}

describe('SupportAccessRole (P-SUPPORT-CONSENT)', () => {
  const { stack, support, template } = supportRoleStack();
  const role = template.toJSON().Resources[stack.getLogicalId(support.role.node.defaultChild as iam.CfnRole)];
  const scope = template.findResources('AWS::IAM::ManagedPolicy');
  const statements = Object.values(scope)[0].Properties.PolicyDocument.Statement;

  test('is tagged with its purpose', () => {
    expect(role.Properties.Tags).toContainEqual({ Key: TAG.purpose, Value: 'support-with-consent' });
  });

  test(`trusts only the broker role, and only with a ${TAG.tenant} session tag`, () => {
    const statement = (actions: string[]) => ({
      Effect: 'Allow',
      Action: actions,
      Principal: { AWS: { 'Fn::GetAtt': [expect.stringMatching(/^Broker/), 'Arn'] } },
      Condition: {
        StringLike: { [`aws:RequestTag/${TAG.tenant}`]: '?*' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [TAG.tenant] },
      },
    });
    // The source-identity grant carries the same conditions, so the policy minimiser merges it in.
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      statement(['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']),
    ]);
  });

  test('holds no permission of its own: its boundary is the scope, and grants are added at run time by the consent path', () => {
    expect(Object.keys(scope)).toHaveLength(1);
    expect(role.Properties.PermissionsBoundary).toEqual({ Ref: Object.keys(scope)[0] });
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    expect(Object.values(scope)[0].Properties.Roles).toBeUndefined();
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
  });

  test('keeps its own boundary under a stack-wide boundary', () => {
    const app = newTestApp();
    const s = new Stack(app, 'Bounded', { env: { region: 'eu-central-1' } });
    const stackWide = new iam.ManagedPolicy(s, 'StackWide', {
      statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
    });
    iam.PermissionsBoundary.of(s).apply(stackWide);
    const broker = new iam.Role(s, 'Broker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const support = new SupportAccessRole(s, 'Support', {
      brokerRole: broker,
      buckets: [s3.Bucket.fromBucketName(s, 'B', 'steward-eu-access-logs')],
      tables: [],
      keys: [new kms.Key(s, 'K', { enableKeyRotation: true })],
    });
    const t = Template.fromStack(s).toJSON().Resources;
    const id = (c: { node: { defaultChild?: unknown } }) => s.getLogicalId(c.node.defaultChild as CfnResource);
    expect(t[id(support.role)].Properties.PermissionsBoundary).toEqual({ Ref: id(support.scope) });
    expect(t[id(broker)].Properties.PermissionsBoundary).toEqual({ Ref: id(stackWide) });
  });

  test('is read-only and every data permission is scoped to the session tenant', () => {
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    for (const action of actions) expect(action).toMatch(/^(s3:(Get|List)|dynamodb:(Get|BatchGet|Query)|kms:Decrypt$)/);
    const bySid = Object.fromEntries(statements.map((s: { Sid: string }) => [s.Sid, s]));
    expect(flatten(bySid.ReadTenantObjects.Resource)).toMatch(/\/tenants\/\$\{aws:PrincipalTag\/steward:tenant\}\/\*$/);
    expect(bySid.ListTenantPrefix.Condition.StringLike['s3:prefix']).toEqual([
      `tenants/\${aws:PrincipalTag/${TAG.tenant}}/`,
      `tenants/\${aws:PrincipalTag/${TAG.tenant}}/*`,
    ]);
    expect(bySid.ReadTenantItems.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`\${aws:PrincipalTag/${TAG.tenant}}`] },
    });
    expect(bySid.DecryptOwnTenantKeyThroughS3.Condition.StringEquals).toEqual({
      'kms:ViaService': 's3.eu-central-1.amazonaws.com',
      'kms:EncryptionContext:tenantId': `\${aws:PrincipalTag/${TAG.tenant}}`,
      [`aws:ResourceTag/${TAG.purpose}`]: 'tenant-data-key',
    });
    expect(bySid.DecryptClassKeysThroughStores.Condition.StringEquals['kms:ViaService']).toEqual([
      's3.eu-central-1.amazonaws.com',
      'dynamodb.eu-central-1.amazonaws.com',
    ]);
  });

  test('leaves no unsuppressed nag finding', () => {
    expect(nagErrors(stack)).toEqual([]);
  });

  test('refuses a role with nothing to read', () => {
    const s = new Stack(newTestApp(), 'Empty');
    const broker = new iam.Role(s, 'Broker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => new SupportAccessRole(s, 'Support', { brokerRole: broker, buckets: [], tables: [], keys: [] })).toThrow(
      /^buckets, tables: /,
    );
  });
});
