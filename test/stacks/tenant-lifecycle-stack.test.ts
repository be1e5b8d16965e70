import { Match, Template } from 'aws-cdk-lib/assertions';
import { JurisdictionDataStack } from '../../lib/stacks/jurisdiction-data-stack';
import { JurisdictionReplicaStack } from '../../lib/stacks/jurisdiction-replica-stack';
import { TenantLifecycleStack } from '../../lib/stacks/tenant-lifecycle-stack';
import { flatten } from '../support/cfn';
import { newTestApp, RESOLVED_DEFAULT_CONFIG } from '../support/app';

const EU = RESOLVED_DEFAULT_CONFIG.jurisdictions[0];

function build(keyDeletionWindowDays = 7) {
  const app = newTestApp();
  const common = { appName: 'steward', jurisdiction: EU };
  const replica = new JurisdictionReplicaStack(app, 'steward-eu-replica', common);
  const data = new JurisdictionDataStack(app, 'steward-eu-data', common);
  const lifecycle = new TenantLifecycleStack(app, 'steward-eu-tenant-lifecycle', { ...common, data, replica, keyDeletionWindowDays });
  return { replica, data, lifecycle };
}

describe('the tenant-lifecycle stack', () => {
  const { replica, data, lifecycle } = build();
  const template = Template.fromStack(lifecycle);

  test('lives in the primary region of its jurisdiction', () => {
    expect(lifecycle.region).toBe(EU.primaryRegion);
  });

  test('runs the termination as a standard state machine with full logging to a KMS log group and tracing', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.KmsKeyId).toBeDefined();
      expect(group.Properties.RetentionInDays).toBeLessThanOrEqual(30);
    }
  });

  test('the workflow loops each store until done, never retries bad input, and fails when data remains', () => {
    const definition = flatten(Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString);
    for (const state of ['Plan', 'ShredTenantKey', 'PurgeBuckets', 'PurgeBucketsSlice', 'PurgeBucketsDone', 'PurgeTables', 'DeleteUsers', 'Verify', 'WriteReceipt', 'TenantDataRemains']) {
      expect(definition).toContain(`"${state}"`);
    }
    expect(definition).toContain('"ErrorEquals":["InputError"],"MaxAttempts":0');
  });

  test('starts terminations from the registry stream, filtered to status terminated', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { status: { S: ['terminated'] } } } }) }] },
    });
  });

  test('purges only under tenants/ of the jurisdiction\'s tenant-data buckets, each named, in both regions, and never writes inline policies', () => {
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((st) => [st.Action].flat().includes('s3:DeleteObjectVersion'))
      .map((st) => flatten(st.Resource));
    const resources = policies.flatMap((p) => p.split(','));
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect(r).toMatch(/^arn:\$\{AWS::Partition\}:s3:::steward-eu-[a-z-]+-\$\{AWS::AccountId\}-eu-[a-z]+-\d\/tenants\/\*$/);
    // Neither the storage-access-logs nor the audit-receipts bucket (no tenant data) is covered.
    expect(resources.filter((r) => /storage-access-logs|audit-receipts/.test(r))).toEqual([]);
    const catalog = flatten(template.toJSON().Resources);
    expect(catalog).toContain(`"steward-eu-device-logs",{"Ref":"AWS::AccountId"},"${EU.replicaRegion}"`);
  });

  test('onboarding names the tenant key alias prefix and the platform role pattern', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TENANT_KEY_ALIAS_PREFIX: 'alias/steward/eu/tenant/' }) },
    });
  });

  test('every tenant-data store is marked as covered by the workflow; stores without tenant data are not', () => {
    const tagsOf = (t: Template, type: string) =>
      Object.values(t.findResources(type)).map((r) => Object.fromEntries(((r.Properties.Tags ?? r.Properties.TagSpecification ?? []) as Array<{ Key: string; Value: string }>).map((x) => [x.Key, x.Value])));
    for (const [t, type] of [[Template.fromStack(data), 'AWS::S3::Bucket'], [Template.fromStack(replica), 'AWS::S3::Bucket']] as const) {
      for (const tags of tagsOf(t, type)) {
        if (tags['steward:tenant-data'] === 'true') expect(tags['steward:deleted-by']).toBe('tenant-termination');
        if (tags['steward:tenant-data'] === 'false') expect(tags['steward:deleted-by']).toBeUndefined();
      }
    }
    expect(flatten(Template.fromStack(data).toJSON().Resources)).toContain('"steward:deleted-by","Value":"tenant-termination"');
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('refuses a key deletion window outside 7..30 days, naming the prop', () => {
    expect(() => build(3)).toThrow(/^keyDeletionWindowDays: 3/);
  });
});
