import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { cloudWatchRetention, OperationalLogGroup } from '../../lib/constructs/operational-log-group';
import { newTestApp, resolveJurisdiction } from '../support/app';
import { TAG } from '../../lib/vocabulary';

describe('OperationalLogGroup', () => {
  test('is encrypted with the given key, kept at most the class retention and tagged with what it keeps', () => {
    const stack = new Stack(newTestApp(), 'Logs', { env: { region: 'eu-central-1' } });
    const key = new kms.Key(stack, 'Key');
    const jurisdiction = resolveJurisdiction({ ...DEFAULT_CONFIG.jurisdictions[0], retentionDays: { 'operational-logs': 10 } });
    new OperationalLogGroup(stack, 'Group', { jurisdiction, encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      RetentionInDays: 7,
      Tags: Match.arrayWith([
        { Key: TAG.dataClass, Value: 'operational-logs' },
        { Key: TAG.retention, Value: '7d' },
      ]),
    });
  });

  test.each([
    [1, 1],
    [2, 1],
    [13, 7],
    [14, 14],
    [30, 30],
  ])('%i configured days keep logs %i days: never longer than declared', (days, kept) => {
    expect(cloudWatchRetention(days)).toBe(kept);
  });

  test('refuses less than a day, naming the argument', () => {
    expect(() => cloudWatchRetention(0)).toThrow(/^days: /);
  });
});
