import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { JurisdictionDataStack } from '../../lib/stacks/jurisdiction-data-stack';
import { JurisdictionReplicaStack } from '../../lib/stacks/jurisdiction-replica-stack';
import { TenantLifecycleStack, type TenantLifecycleStackProps } from '../../lib/stacks/tenant-lifecycle-stack';
import { flatten } from '../support/cfn';
import { newTestApp, RESOLVED_DEFAULT_CONFIG } from '../support/app';
import { ENV, TAG } from '../../lib/vocabulary';

const EU = RESOLVED_DEFAULT_CONFIG.jurisdictions[0];

/** The termination settings a test changes; the rest are the stack's defaults (and a 7-day key deletion window). */
type TerminationSettings = Partial<
  Pick<TenantLifecycleStackProps, 'keyDeletionWindowDays' | 'purgeConcurrency' | 'shardsPerBucket' | 'runTimeout'>
>;

function build(settings: TerminationSettings = {}) {
  const app = newTestApp();
  const common = { appName: 'steward', jurisdiction: EU };
  const replica = new JurisdictionReplicaStack(app, 'steward-eu-replica', common);
  const data = new JurisdictionDataStack(app, 'steward-eu-data', common);
  const lifecycle = new TenantLifecycleStack(app, 'steward-eu-tenant-lifecycle', {
    ...common, data, replica, keyDeletionWindowDays: 7, ...settings,
  });
  return { replica, data, lifecycle };
}

describe('the tenant-lifecycle stack', () => {
  const { replica, data, lifecycle } = build();
  const template = Template.fromStack(lifecycle);

  test('lives in the primary region of its jurisdiction', () => {
    expect(lifecycle.region).toBe(EU.primaryRegion);
  });

  test('runs the termination as a standard state machine with a bounded run time, tracing, and failures logged without data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      // What an operator acts on (failures, with error and cause), never execution data.
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
    });
    const definition = JSON.parse(
      flatten(Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString),
    );
    expect(definition.TimeoutSeconds).toBe(3 * 24 * 3600);
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.KmsKeyId).toBeDefined();
      expect(group.Properties.RetentionInDays).toBeLessThanOrEqual(30);
    }
  });

  test('keeps the execution history under the operational-logs key, which only this state machine\'s executions may use', () => {
    const [[id, machine]] = Object.entries(template.findResources('AWS::StepFunctions::StateMachine'));
    const logKey = lifecycle.resolve(data.keyFor('operational-logs').keyArn);
    expect(machine.Properties.EncryptionConfiguration).toEqual({
      Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: logKey, KmsDataKeyReusePeriodSeconds: 300,
    });
    // No suppression stands in for the key any more.
    expect(JSON.stringify(machine.Metadata ?? {})).not.toContain('StoreEncryptedWithCmk');
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes('StateMachineRole'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>)
      .filter((st) => JSON.stringify(st.Action).includes('kms:'));
    expect(statements).toEqual([
      expect.objectContaining({
        Sid: 'UseOwnHistoryKey', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: logKey,
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': { Ref: id } } },
      }),
      expect.objectContaining({ Sid: 'EncryptLogDeliveries', Action: 'kms:GenerateDataKey', Resource: logKey }),
    ]);
  });

  test('the workflow loops each store until done, never retries bad input, and fails when data remains', () => {
    const definition = flatten(Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString);
    for (const state of [
      'Plan',
      'ShredTenantKey',
      'PurgeBuckets',
      'PurgeBucketsSlice',
      'PurgeBucketsDone',
      'PurgeTables',
      'DeleteUsers',
      'Verify',
      'WriteReceipt',
      'TenantDataRemains',
    ]) {
      expect(definition).toContain(`"${state}"`);
    }
    expect(definition).toContain('"ErrorEquals":["InputError"],"MaxAttempts":0');
  });

  test('starts terminations from the registry stream, filtered to status terminated; a batch given up on goes to the DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { status: { S: ['terminated'] } } } }) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HandlerSupportDeadLetters'), 'Arn'] } } },
    });
  });

  test('every step after Plan that fails for good leads to a verification, a failure receipt and a failed run', () => {
    const definition = JSON.parse(
      flatten(Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString),
    );
    for (const state of ['ShredTenantKey', 'PurgeTables', 'DeleteUsers', 'Verify']) {
      expect(definition.States[state].Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: 'DescribeFailure' }]);
    }
    // A failed fan-out first drops its sealed shards, which would crowd the state on the failure path.
    expect(definition.States.PurgeBuckets.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: 'ForgetPurgeShardsOnFailure' },
    ]);
    expect(definition.States.ForgetPurgeShardsOnFailure).toMatchObject({
      Type: 'Pass', ResultPath: '$.purgePlan', Next: 'DescribeFailure',
    });
    expect(definition.States.DescribeFailure).toMatchObject({ Type: 'Pass', ResultPath: '$.failure', Next: 'VerifyAfterFailure' });
    expect(definition.States.VerifyAfterFailure).toMatchObject({
      Next: 'WriteFailureReceipt',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'WriteFailureReceipt' }],
    });
    expect(definition.States.WriteFailureReceipt.Next).toBe('TerminationFailed');
    expect(definition.States.TerminationFailed).toMatchObject({ Type: 'Fail', Error: 'TerminationFailed' });
  });

  test('a failed, timed-out or aborted termination, or a dropped trigger event, alarms to a KMS-encrypted topic', () => {
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toHaveLength(1);
    const [topicId, topic] = Object.entries(topics)[0];
    expect(topic.Properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^TenantTerminationWorkflowAlarmsKey/), 'Arn'],
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    }
    const executions = alarms.find((a) => a.Metrics)!;
    expect(
      executions.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).map(
        (m: { MetricStat: { Metric: { MetricName: string; Namespace: string } } }) => m.MetricStat.Metric,
      ),
    )
      .toEqual(
        ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'].map((MetricName) =>
          expect.objectContaining({ MetricName, Namespace: 'AWS/States' }),
        ),
      );
    expect(alarms.find((a) => a.MetricName)).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS' });
    // CloudWatch itself encrypts what it publishes: the key policy lets it.
    const key = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) =>
      id.startsWith('TenantTerminationWorkflowAlarmsKey'),
    )![1];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
      Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    }));
  });

  test('purges only under the session tenant\'s prefix of the jurisdiction\'s tenant-data buckets, each named, in both regions; ' +
    'no inline policies', () => {
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((st) => [st.Action].flat().includes('s3:DeleteObjectVersion'))
      .map((st) => flatten(st.Resource));
    const resources = policies.flatMap((p) => p.split(','));
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources)
      expect(r).toMatch(/^arn:\$\{AWS::Partition\}:s3:::steward-eu-[a-z-]+-\$\{AWS::AccountId\}-eu-[a-z]+-\d\/tenants\/\$\{aws:PrincipalTag\/steward:tenant\}\/\*$/);
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
      Object.values(t.findResources(type)).map((r) =>
        Object.fromEntries(
          ((r.Properties.Tags ?? r.Properties.TagSpecification ?? []) as Array<{ Key: string; Value: string }>).map((x) => [
            x.Key,
            x.Value,
          ]),
        ),
      );
    for (const [t, type] of [[Template.fromStack(data), 'AWS::S3::Bucket'], [Template.fromStack(replica), 'AWS::S3::Bucket']] as const) {
      for (const tags of tagsOf(t, type)) {
        if (tags[TAG.tenantData] === 'true') expect(tags[TAG.deletedBy]).toBe('tenant-termination');
        if (tags[TAG.tenantData] === 'false') expect(tags[TAG.deletedBy]).toBeUndefined();
      }
    }
    expect(flatten(Template.fromStack(data).toJSON().Resources)).toContain(`"${TAG.deletedBy}","Value":"tenant-termination"`);
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('refuses a key deletion window outside 7..30 days, naming the construct path and the prop', () => {
    expect(() => build({ keyDeletionWindowDays: 3 })).toThrow(/^[\w-]+\/TenantTerminationWorkflow: keyDeletionWindowDays: 3 must/);
  });

  test('the purge fan-out runs as many children at once as configured, and the purge function reserves four times that', () => {
    const t = Template.fromStack(build({ purgeConcurrency: 3 }).lifecycle);
    const definition = flatten(Object.values(t.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString);
    expect(definition).toMatch(/"ProcessorConfig":\{"Mode":"DISTRIBUTED"[^]*?"MaxConcurrency":3\}/);
    t.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 12 });
    expect(() => build({ purgeConcurrency: 26 })).toThrow(
      /^[\w-]+\/TenantTerminationWorkflow: purgeConcurrency: 26 must be 1\.\.25 child executions/,
    );
  });

  test('the purge plan cuts each bucket copy into as many shards as configured, within 1..32', () => {
    const t = Template.fromStack(build({ shardsPerBucket: 5 }).lifecycle);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.terminationStep]: 'plan-purge', [ENV.shardsPerBucket]: '5' }) },
    });
    for (const shards of [0, 33, 2.5]) {
      expect(() => build({ shardsPerBucket: shards })).toThrow(
        new RegExp(`^[\\w-]+/TenantTerminationWorkflow: shardsPerBucket: ${shards} must be 1\\.\\.32,`),
      );
    }
  });

  test("refuses more shards than the workflow's 256 KiB state holds for its bucket copies, naming the prop and how many fit", () => {
    // 14 bucket copies (7 tenant-data buckets, all replicated): 9 shards each fit (test/constructs/termination-state-size.test.ts).
    expect(lifecycle.termination.stores.bucketCopies).toBe(14);
    const fits = Template.fromStack(build({ shardsPerBucket: 9 }).lifecycle);
    fits.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.terminationStep]: 'plan-purge', [ENV.shardsPerBucket]: '9' }) },
    });
    for (const [shards, kb] of [[10, 276], [32, 863]]) {
      expect(() => build({ shardsPerBucket: shards })).toThrow(new RegExp(
        `^steward-eu-tenant-lifecycle/TenantTerminationWorkflow: shardsPerBucket: ${shards} x 14 bucket copies would put about ` +
          `${kb} KB in the workflow's 256 KiB state; at most 9 fit$`,
      ));
    }
  });

  test('a run times out after the configured time, from 4 hours to a year', () => {
    const t = Template.fromStack(build({ runTimeout: Duration.hours(12) }).lifecycle);
    const [machine] = Object.values(t.findResources('AWS::StepFunctions::StateMachine'));
    expect(JSON.parse(flatten(machine.Properties.DefinitionString)).TimeoutSeconds).toBe(12 * 3600);
    for (const runTimeout of [Duration.hours(3), Duration.days(366)]) {
      expect(() => build({ runTimeout })).toThrow(
        /^[\w-]+\/TenantTerminationWorkflow: runTimeout: \d+ hours must be 4\.\.8760 hours \(a throttled step/,
      );
    }
    expect(() => build({ runTimeout: Duration.days(365) })).not.toThrow();
  });
});
