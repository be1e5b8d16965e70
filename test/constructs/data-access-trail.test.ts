import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { validateConfig } from '../../lib/config/validate';
import { DataAccessTrail, type DataAccessTrailProps } from '../../lib/constructs/data-access-trail';
import { newTestApp } from '../support/app';

const jurisdiction = validateConfig(DEFAULT_CONFIG).jurisdictions[0];

function trailStack(props: Partial<DataAccessTrailProps> = {}) {
  const stack = new Stack(newTestApp(), 'TrailTest', { env: { region: 'eu-central-1', account: '123456789012' } });
  const bucket = new s3.Bucket(stack, 'Tenant');
  const table = new dynamodb.TableV2(stack, 'Items', { partitionKey: { name: 'tenantId', type: dynamodb.AttributeType.STRING } });
  new DataAccessTrail(stack, 'DataAccessTrail', {
    naming: { appName: 'steward', jurisdictionId: 'eu' },
    jurisdiction,
    buckets: [bucket],
    tables: [table],
    serverAccessLogsBucket: new s3.Bucket(stack, 'AccessLogs'),
    ...props,
  });
  return Template.fromStack(stack);
}

describe('DataAccessTrail', () => {
  test('records only its own region, no global IAM events, validated, encrypted with its key', () => {
    const trail = Object.values(trailStack().findResources('AWS::CloudTrail::Trail'))[0];
    expect(trail.Properties).toMatchObject({
      TrailName: 'steward-eu-data-access', IsLogging: true, IsMultiRegionTrail: false, IncludeGlobalServiceEvents: false,
      EnableLogFileValidation: true, KMSKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataAccessTrailKey/), 'Arn'] },
    });
    // Created only once its bucket policy lets CloudTrail write.
    expect(trail.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DataAccessTrailStoreBucketPolicy/)]));
  });

  test('keeps every management event and every object and item event of the stores it is given', () => {
    const selectors = Object.values(trailStack().findResources('AWS::CloudTrail::Trail'))[0].Properties.AdvancedEventSelectors;
    expect(selectors.map((s: { FieldSelectors: unknown[] }) => s.FieldSelectors)).toEqual([
      [{ Field: 'eventCategory', Equals: ['Management'] }],
      [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        { Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Tenant/), 'Arn'] }, '/']] }] },
      ],
      [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
        { Field: 'resources.ARN', Equals: [{ 'Fn::GetAtt': [expect.stringMatching(/^Items/), 'Arn'] }] },
      ],
    ]);
  });

  test('in a region whose table names it cannot know, keeps the item events of every table', () => {
    const selectors = Object.values(trailStack({ tables: 'all-in-region' }).findResources('AWS::CloudTrail::Trail'))[0]
      .Properties.AdvancedEventSelectors;
    expect(selectors[2].FieldSelectors).toEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
    ]);
  });

  test('keeps its logs in a versioned bucket of its class, expiring at the declared retention', () => {
    const t = trailStack();
    const store = Object.values(t.findResources('AWS::S3::Bucket')).find((b) =>
      (b.Properties?.Tags ?? []).some((tag: { Key: string; Value: string }) => tag.Value === 'data-access-trail'));
    expect(store?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(store?.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(jurisdiction.retentionDays['data-access-trail']);
    expect(jurisdiction.retentionDays['data-access-trail']).toBe(365);
  });

  test('refuses to record nothing, naming the prop and the construct', () => {
    expect(() => trailStack({ buckets: [] })).toThrow(/^buckets: TrailTest\/DataAccessTrail .*none/);
    expect(() => trailStack({ tables: [] })).toThrow(/^tables: TrailTest\/DataAccessTrail .*none/);
  });
});
