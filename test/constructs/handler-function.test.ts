import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HandlerFunction } from '../../lib/constructs/handler-function';
import { newTestApp } from '../support/app';

function build(props: Partial<ConstructorParameters<typeof HandlerFunction>[2]> = {}) {
  const stack = new Stack(newTestApp(), 'S', { env: { region: 'eu-central-1' } });
  const logKey = new kms.Key(stack, 'LogKey');
  const fn = new HandlerFunction(stack, 'Fn', { handler: 'tenant-onboarding', description: 'test', logKey, ...props });
  return { stack, fn, logKey };
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

  test('every permission is in customer-managed policies: none inline, no AWS-managed policy', () => {
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
    const roles = template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) {
      for (const arn of role.Properties.ManagedPolicyArns ?? []) expect(JSON.stringify(arn)).not.toMatch(/aws:policy/);
    }
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'WriteOwnLogs',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }),
          }),
        ]),
      },
    });
  });

  test('reserves concurrency and sends failed asynchronous events to one encrypted dead-letter queue per stack', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 5,
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  test('a second handler in the stack shares the tracing policy and the dead-letter queue, and must share the log key', () => {
    const { stack: s2, logKey } = build();
    expect(
      () => new HandlerFunction(s2, 'Other', { handler: 'tenant-onboarding', description: 'other', logKey: new kms.Key(s2, 'OtherKey') }),
    ).toThrow(/^logKey: the handlers of stack S share one dead-letter queue/);
    new HandlerFunction(s2, 'Second', { handler: 'tenant-onboarding', description: 'second', logKey });
    const t2 = Template.fromStack(s2);
    t2.resourceCountIs('AWS::SQS::Queue', 1);
    t2.resourceCountIs('AWS::IAM::ManagedPolicy', 3);
  });

  test.each([
    [{ handler: 'no-such-handler' }, /^handler: 'no-such-handler' must name a directory under lambda\//],
    [{ handler: '../lib' }, /^handler: /],
    [{ memorySize: 64 }, /^memorySize: 64/],
    [{ reservedConcurrency: 0 }, /^reservedConcurrency: 0/],
  ])('refuses %j with an error naming the prop', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
