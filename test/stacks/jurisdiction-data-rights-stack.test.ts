import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { DATA_CLASSES } from '../../lib/inventory/data-classes';
import { TAG } from '../../lib/vocabulary';
import { buildTestApp, nagErrors } from '../support/app';
import { flatten } from '../support/cfn';

// One jurisdiction is enough here; the full app's nag run lives in app-nag.test.ts.
const [eu] = buildTestApp({ ...DEFAULT_CONFIG, jurisdictions: [DEFAULT_CONFIG.jurisdictions[0]] });
const stack = eu.dataRights;
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const policies = () => [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')];
const policyOf = (rolePrefix: RegExp) =>
  policies()
    .filter(([, p]) => (p.Properties.Roles ?? []).some((r: { Ref: string }) => rolePrefix.test(r.Ref)))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Record<string, any>[]);

describe('the data-rights stack', () => {
  test('lives in the primary region of its jurisdiction, after the data stack', () => {
    expect(stack.region).toBe('eu-central-1');
    expect(stack.stackName).toBe('steward-eu-data-rights');
    expect(stack.dependencies).toContain(eu.data);
  });

  test('has no unsuppressed AwsSolutions finding', () => {
    expect(nagErrors(stack)).toEqual([]);
  });

  test('every function runs on ARM with a current Node.js and logs into a CMK-encrypted group with bounded retention', () => {
    const fns = ofType('AWS::Lambda::Function');
    expect(fns).toHaveLength(7);
    for (const [, fn] of fns) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    }
    for (const [, group] of ofType('AWS::Logs::LogGroup')) {
      expect(group.Properties.KmsKeyId).toBeDefined();
      expect(group.Properties.RetentionInDays).toBeLessThanOrEqual(30);
    }
  });

  test('the opt-in writer and data-subject roles carry the names the opt-in bucket policies allow', () => {
    const names = ofType('AWS::IAM::Role').map(([, r]) => r.Properties.RoleName).filter(Boolean);
    expect(names.sort()).toEqual(['steward-eu-data-subject-requests', 'steward-eu-opt-in-writer']);
  });

  test('the purge reaches the replica buckets by name, in the replica region of the same jurisdiction', () => {
    const resourcesOfPurge = policyOf(/^EarlyLogPurge/).flatMap((s) => [s.Resource].flat().map(flatten));
    for (const cls of ['access-logs', 'incident-logs', 'device-logs']) {
      const bucket = `arn:\${AWS::Partition}:s3:::steward-eu-${cls}-\${AWS::AccountId}-eu-west-1`;
      expect(resourcesOfPurge).toContain(`${bucket}/tenants/\${aws:PrincipalTag/${TAG.tenant}}/*`);
    }
    // It reads no log content and writes nothing but its own audit records.
    const statements = policyOf(/^EarlyLogPurge/);
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('s3:GetObject');
    const writes = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(writes.flatMap((s) => [s.Resource].flat().map(flatten))).toEqual([expect.stringMatching(/\/data-rights\/log-purge\/\*$/)]);
  });

  test('no data-rights role has a wildcard action', () => {
    // Policies attached to roles; the permissions boundary caps roles and grants nothing.
    for (const [, p] of policies().filter(([, p]) => p.Properties.Roles)) {
      for (const s of p.Properties.PolicyDocument.Statement) for (const a of [s.Action].flat()) expect(a).not.toMatch(/\*/);
    }
  });

  test('data-subject requests search and delete accounts of the portal user pool only', () => {
    const env = ofType('AWS::Lambda::Function').map(([, f]) => f.Properties.Environment.Variables);
    expect(env.filter((e) => e.USER_POOL_ID)).toHaveLength(1);
    const cognito = policyOf(/^DataSubjectRequests/).filter((st) => [st.Action].flat().some((a: string) => a.startsWith('cognito-idp:')));
    expect(cognito).toHaveLength(1);
    expect([cognito[0].Resource].flat().map(flatten)).toEqual([expect.stringMatching(/PortalUsers|UserPool/)]);
  });

  test('the support broker is reachable only with IAM authentication', () => {
    const [[, url]] = ofType('AWS::Lambda::Url');
    expect(url.Properties.AuthType).toBe('AWS_IAM');
  });

  test('the consent limits from the configuration reach the handlers', () => {
    const env = ofType('AWS::Lambda::Function').map(([, f]) => f.Properties.Environment.Variables);
    expect(env).toContainEqual(expect.objectContaining({ MAX_GRANT_HOURS: '24' }));
    expect(env).toContainEqual(expect.objectContaining({ MAX_SESSION_MINUTES: '30' }));
    expect(env.filter((e) => e.DOWNLOAD_URL_SECONDS)).toEqual([
      expect.objectContaining({ DOWNLOAD_URL_SECONDS: '900' }),
      expect.objectContaining({ DOWNLOAD_URL_SECONDS: '900' }),
    ]);
  });

  test('every opt-in bucket of the data and replica stacks denies writes to all but the two named roles (P-OPT-IN)', () => {
    const optIn = DATA_CLASSES.filter((c) => c.optIn).map((c) => c.id);
    for (const s of [eu.data, eu.replica]) {
      const policies = Object.values(Template.fromStack(s).findResources('AWS::S3::BucketPolicy'));
      const guarded = policies.filter((p) =>
        p.Properties.PolicyDocument.Statement.some((st: { Sid?: string }) => st.Sid === 'DenyWritesExceptOptInWriters'),
      );
      expect(guarded).toHaveLength(optIn.length);
    }
  });

  test('export and data-subject requests run as checkpointed workflows that retry from the checkpoint and clean up on failure', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine');
    const names = machines.map(([, m]) => m.Properties.StateMachineName).sort();
    expect(names).toEqual(['steward-eu-data-subject-requests', 'steward-eu-tenant-export']);
    for (const [, m] of machines) {
      const definition = JSON.parse(flatten(m.Properties.DefinitionString).replace(/\$\{[^}]+\}/g, 'X')) as { States: Record<string, any> };
      const states = definition.States;
      // Each step: retried on any error but bad input, caught into the failure path.
      for (const step of ['Begin', 'Continue', 'Finish']) {
        expect(states[step].Retry).toEqual(expect.arrayContaining([
          expect.objectContaining({ ErrorEquals: ['InputError'], MaxAttempts: 0 }),
          expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 6 }),
        ]));
        expect(states[step].Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'Fail' })]);
      }
      expect(states.Done.Choices[0]).toMatchObject({ Variable: '$.state.done', BooleanEquals: true, Next: 'Finish' });
      expect(states.Done.Default).toBe('Continue');
      expect(states.Continue.Next).toBe('Done');
      expect(states.Fail.Next).toBe('Failed');
      // Execution data stays out of the logs.
      expect(m.Properties.LoggingConfiguration.IncludeExecutionData).toBe(false);
    }
    // Each handler starts and reads executions of its own state machine only.
    for (const [role, machine] of [
      [/^TenantExportHandlerRole/, 'tenant-export'],
      [/^DataSubjectRequestsHandlerRole/, 'data-subject-requests'],
    ] as const) {
      const statements = policyOf(role);
      expect(flatten(statements.find((st) => st.Sid === 'StartOwnWorkflow')!.Resource)).toMatch(
        new RegExp(`:stateMachine:steward-eu-${machine}$`),
      );
      expect(flatten(statements.find((st) => st.Sid === 'ReadOwnExecutions')!.Resource)).toMatch(
        new RegExp(`:execution:steward-eu-${machine}:\\*$`),
      );
    }
  });

  test('the subject is sealed with the exports key under the data-subject-request context only', () => {
    const seal = policyOf(/^DataSubjectRequestsHandlerRole/).find((st) => st.Sid === 'SealSubjectIdentifiers')!;
    expect([...seal.Action].sort()).toEqual(['kms:Decrypt', 'kms:Encrypt']);
    expect(seal.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'data-subject-request' } });
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});
