import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { HandlerFunction } from '../../lib/constructs/handler-function';
import { newTestApp } from '../support/app';

function build(props: Partial<ConstructorParameters<typeof HandlerFunction>[2]> = {}) {
  const stack = new Stack(newTestApp(), 'S', { env: { region: 'eu-central-1' } });
  const logKey = new kms.Key(stack, 'LogKey');
  const fn = new HandlerFunction(stack, 'Fn', { handler: 'tenant-onboarding', description: 'test', logKey, ...props });
  return { stack, fn };
}

describe('HandlerFunction', () => {
  const { stack } = build({ environment: { REGISTRY_TABLE: 't' } });
  const template = Template.fromStack(stack);

  test('runs the newest Node.js on ARM with active tracing and JSON logs', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      Environment: { Variables: Match.objectLike({ REGISTRY_TABLE: 't' }) },
    });
  });

  test('logs into its own KMS-encrypted log group with 30-day retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 30,
    });
  });

  test('its role has no managed policy and may only write its own log group', () => {
    const roles = template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) }),
        ]),
      },
    });
  });

  test.each([
    [{ handler: 'no-such-handler' }, /^handler: 'no-such-handler' must name a directory under lambda\//],
    [{ handler: '../lib' }, /^handler: /],
    [{ logRetention: logs.RetentionDays.ONE_YEAR }, /^logRetention: 365 days is outside 1..30 days/],
    [{ memorySize: 64 }, /^memorySize: 64/],
  ])('refuses %j with an error naming the prop', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
