import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { DATA_CLASSES } from '../../lib/inventory/data-classes';
import { buildTestApp } from '../support/app';
import { flatten } from '../support/cfn';
import { ENV, TAG } from '../../lib/vocabulary';

const built = buildTestApp(DEFAULT_CONFIG, false);

describe.each(built.map((b) => [b.jurisdiction.id, b] as const))('jurisdiction %s', (_id, { jurisdiction, data, replica }) => {
  const primary = Template.fromStack(data);
  const secondary = Template.fromStack(replica);

  test('stacks are pinned to the jurisdiction primary and replica regions', () => {
    expect(data.region).toBe(jurisdiction.primaryRegion);
    expect(replica.region).toBe(jurisdiction.replicaRegion);
    expect(data.dependencies).toContain(replica);
  });

  test('every bucket is encrypted with a customer-managed key (P-ENCRYPT-REST)', () => {
    for (const t of [primary, secondary]) {
      for (const bucket of Object.values(t.findResources('AWS::S3::Bucket'))) {
        const sse = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
        expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
        expect(sse.ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
      }
    }
  });

  test('every table replica is encrypted with a customer-managed key (P-ENCRYPT-REST)', () => {
    const tables = Object.values(primary.findResources('AWS::DynamoDB::GlobalTable'));
    expect(tables).toHaveLength(DATA_CLASSES.filter((c) => c.store === 'dynamodb-table').length);
    for (const table of tables) {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      for (const r of table.Properties.Replicas) expect(r.SSESpecification.KMSMasterKeyId).toBeDefined();
    }
  });

  test('every replication target is inside the jurisdiction (P-RESIDENCY)', () => {
    const targets: string[] = [];
    for (const bucket of Object.values(primary.findResources('AWS::S3::Bucket'))) {
      for (const rule of bucket.Properties.ReplicationConfiguration?.Rules ?? []) {
        targets.push(flatten(rule.Destination.Bucket), flatten(rule.Destination.EncryptionConfiguration.ReplicaKmsKeyID));
      }
    }
    for (const table of Object.values(primary.findResources('AWS::DynamoDB::GlobalTable'))) {
      for (const r of table.Properties.Replicas) targets.push(`region ${r.Region}`);
    }
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      const regions = target.match(/[a-z]{2}-[a-z]+-\d/g) ?? [];
      expect(regions.length).toBeGreaterThan(0);
      for (const region of regions) expect(jurisdiction.regions).toContain(region);
    }
  });

  test('only replicated classes get a replica bucket; the configuration cache never does (P-JIT-CACHE)', () => {
    const replicaClasses = Object.values(secondary.findResources('AWS::S3::Bucket'))
      .map((b) => b.Properties.Tags.find((t: { Key: string }) => t.Key === TAG.dataClass).Value)
      .sort();
    const expected = DATA_CLASSES.filter((c) => c.store === 's3-bucket' && c.replicated).map((c) => c.id);
    // Besides the replicas, the region's own access-log sink and data access trail.
    expect(replicaClasses).toEqual([...expected, 'storage-access-logs', 'data-access-trail'].sort());
    expect(replicaClasses).not.toContain('config-cache');
  });

  test('every data bucket sends its server access logs to the region access-log bucket', () => {
    for (const t of [primary, secondary]) {
      const buckets = Object.values(t.findResources('AWS::S3::Bucket'));
      const logged = buckets.filter((b) => b.Properties.LoggingConfiguration);
      expect(logged).toHaveLength(buckets.length - 1);
    }
  });

  test('every store carries its data-class tag (P-METADATA-ONLY)', () => {
    for (const t of [primary, secondary]) {
      for (const bucket of Object.values(t.findResources('AWS::S3::Bucket'))) {
        expect(bucket.Properties.Tags).toContainEqual({ Key: TAG.dataClass, Value: expect.any(String) });
      }
    }
    for (const table of Object.values(primary.findResources('AWS::DynamoDB::GlobalTable'))) {
      for (const r of table.Properties.Replicas) {
        expect(r.Tags).toContainEqual({ Key: TAG.dataClass, Value: expect.any(String) });
      }
    }
  });

  test('keys rotate, one per stored class', () => {
    for (const t of [primary, secondary]) {
      for (const key of Object.values(t.findResources('AWS::KMS::Key'))) expect(key.Properties.EnableKeyRotation).toBe(true);
    }
  });

  test('matches the snapshot', () => {
    expect(primary.toJSON()).toMatchSnapshot();
    expect(secondary.toJSON()).toMatchSnapshot();
  });
});

test('synth writes stacks for every configured jurisdiction', () => {
  expect(built.flatMap((b) => [b.replica.stackName, b.data.stackName])).toEqual([
    'steward-eu-replica', 'steward-eu-data', 'steward-us-replica', 'steward-us-data',
  ]);
});

test('every jurisdiction gets its network, operator-access, front-end and portal-users stacks in its primary region', () => {
  for (const b of built) {
    const prefix = `steward-${b.jurisdiction.id}`;
    const stacks = [b.network, b.operatorAccess, b.frontEnd, b.portalUsers];
    expect(stacks.map((s) => s.stackName)).toEqual(
      ['network', 'operator-access', 'front-end', 'portal-users'].map((n) => `${prefix}-${n}`),
    );
    for (const s of stacks) expect(s.region).toBe(b.jurisdiction.primaryRegion);
    // Flow and VPN logs use the data stack's operational-logs key; load balancers and the VPN use the VPC.
    expect(b.network.dependencies).toContain(b.data);
    expect(b.operatorAccess.dependencies).toEqual(expect.arrayContaining([b.network, b.data]));
    expect(b.frontEnd.dependencies).toContain(b.network);
  }
});

test('every role of every stack is capped by the jurisdiction boundary, and stacks without roles carry none', () => {
  for (const b of built) {
    for (const stack of [b.replica, b.data, b.network, b.operatorAccess, b.frontEnd, b.portalUsers]) {
      const t = Template.fromStack(stack);
      const roles = Object.values(t.findResources('AWS::IAM::Role'));
      const boundaries = Object.keys(t.findResources('AWS::IAM::ManagedPolicy')).filter((id) => id.startsWith('JurisdictionBoundary'));
      expect(boundaries).toHaveLength(roles.length > 0 ? 1 : 0);
      for (const role of roles) expect(role.Properties.PermissionsBoundary).toEqual({ Ref: boundaries[0] });
    }
  }
});

test('a retention override changes the log lifecycle, and only where configured', () => {
  const [eu, us] = DEFAULT_CONFIG.jurisdictions;
  const [changed] = buildTestApp({ ...DEFAULT_CONFIG, jurisdictions: [{ ...eu, retentionDays: { 'device-logs': 7 } }, us] }, false);
  const rules = Object.values(Template.fromStack(changed.data).findResources('AWS::S3::Bucket'))
    .filter((b) => b.Properties.Tags.some((t: { Key: string; Value: string }) => t.Value === 'device-logs'))
    .map((b) => b.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays);
  expect(rules).toEqual([7]);
});

test('the termination settings of the config reach the termination workflow of every jurisdiction', () => {
  // 9 shards: the most the state holds for a jurisdiction's 14 bucket copies, 2 tables and 1 user pool.
  const termination = { purgeConcurrency: 5, shardsPerBucket: 9, runTimeoutHours: 12 };
  for (const { tenantLifecycle } of buildTestApp({ ...DEFAULT_CONFIG, termination }, false)) {
    const t = Template.fromStack(tenantLifecycle);
    const definition = flatten(Object.values(t.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString);
    expect(JSON.parse(definition).TimeoutSeconds).toBe(12 * 3600);
    expect(definition).toMatch(/"ProcessorConfig":\{"Mode":"DISTRIBUTED"[^]*?"MaxConcurrency":5\}/);
    const planPurge = Object.values(t.findResources('AWS::Lambda::Function'))
      .map((f) => f.Properties.Environment?.Variables ?? {})
      .filter((env) => env[ENV.terminationStep] === 'plan-purge');
    expect(planPurge.map((env) => env[ENV.shardsPerBucket])).toEqual(['9']);
  }
});

test("more shards per bucket than a jurisdiction's workflow state holds fail the synth, naming the field and how many fit", () => {
  expect(() => buildTestApp({ ...DEFAULT_CONFIG, termination: { shardsPerBucket: 10 } }, false)).toThrow(
    /^steward-eu-tenant-lifecycle\/TenantTerminationWorkflow: shardsPerBucket: 10 x 14 bucket copies would put about \d+ KB in the workflow's 256 KiB state; at most 9 fit$/,
  );
});

test('the operational-logs retention of the config reaches every log group of the jurisdiction, each tagged with its class', () => {
  const [eu, us] = DEFAULT_CONFIG.jurisdictions;
  const [changed] = buildTestApp({ ...DEFAULT_CONFIG, jurisdictions: [{ ...eu, retentionDays: { 'operational-logs': 7 } }, us] }, false);
  const stacks = [changed.replica, changed.data, changed.network, changed.operatorAccess, changed.frontEnd, changed.portalUsers,
    changed.tenantLifecycle, changed.dataRights];
  const groups = stacks.flatMap((s) =>
    Object.entries(Template.fromStack(s).findResources('AWS::Logs::LogGroup')).map(([id, g]) => ({ id: `${s.stackName}/${id}`, g })),
  );
  // Handlers, the termination workflow, flow logs, VPN and WAF logs, and the default-SG provider.
  expect(groups.length).toBeGreaterThanOrEqual(20);
  const tag = (g: Record<string, any>, key: string) =>
    (g.Properties.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === key)?.Value;
  const off = groups
    .filter(
      ({ g }) =>
        g.Properties.RetentionInDays !== 7 || tag(g, TAG.dataClass) !== 'operational-logs' || tag(g, TAG.retention) !== '7d',
    )
    .map(({ id }) => id);
  expect(off).toEqual([]);
});

test('the default-SG restriction and prefix-list lookup providers log into encrypted, bounded log groups of their own', () => {
  const t = Template.fromStack(built[0].network);
  const providers = Object.values(t.findResources('AWS::Lambda::Function'));
  expect(providers.map((p) => p.Properties.Description as string)).toEqual([
    expect.stringMatching(/default security group/), expect.stringMatching(/managed prefix lists/),
  ]);
  const targets = providers.map((p) => (p.Properties.LoggingConfig?.LogGroup as { Ref: string } | undefined)?.Ref);
  expect(new Set(targets).size).toBe(2);
  for (const target of targets) {
    const group = t.findResources('AWS::Logs::LogGroup')[target!];
    expect(group.Properties.KmsKeyId).toBeDefined();
    expect(group.Properties.RetentionInDays).toBe(30);
  }
});

test('every table declares its retention: the support-grants table says 5d, tenancy tables say tenancy', () => {
  const tables = Object.values(Template.fromStack(built[0].data).findResources('AWS::DynamoDB::GlobalTable'));
  const labels = Object.fromEntries(tables.map((t) => {
    const tags = t.Properties.Replicas[0].Tags as { Key: string; Value: string }[];
    const get = (k: string) => tags.find((x) => x.Key === k)?.Value;
    return [get(TAG.dataClass), get(TAG.retention)];
  }));
  expect(labels['support-grants']).toBe('5d');
  for (const [cls, label] of Object.entries(labels)) expect(`${cls}:${label}`).toMatch(/:(tenancy|\d+d)$/);
});
