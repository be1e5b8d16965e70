import { tenantKeyPolicy } from '../../lambda/shared/tenant-key';
import { ACCOUNT, type IamModel, type IamRequest, type ModelRole, type PolicyDoc } from '../support/iam-model';
import { TAG } from '../../lib/vocabulary';

/**
 * The calls each handler's role makes, per SDK command its code sends, with the KMS calls S3 and
 * DynamoDB make on its behalf, plus the calls the platform makes for it (Lambda's logs, traces,
 * dead letters and stream polling, Step Functions' invocations, S3 replication). The suite
 * evaluates every one for an allowed decision and derives the negative checks from the same list.
 */

export interface Jurisdiction {
  readonly id: string;
  readonly primary: string;
  readonly replica: string;
}

/** What a request touches, so the negative checks know what to swap. */
export interface Call extends IamRequest {
  /** The request reads or changes one tenant's data (its prefix, partition or key). */
  readonly tenant?: string;
  /** The request uses a tenant key (swapped for another tenant's key in the negative checks). */
  readonly tenantKey?: boolean;
}

export interface CallSpec {
  /** `lambda/<handler>`; undefined for platform roles (replication, the state machine). */
  readonly handler?: string;
  /** Logical id prefix of the role in its stack. */
  readonly role: string;
  /** Stack suffix, e.g. `tenant-lifecycle`. */
  readonly stack: string;
  /** `<client>:<Command>` as sdkCommandsOf reports it, or `platform:<what>`. */
  readonly command: string;
  /** The role is a TenantSessionRole: its calls are made in a session tagged with the tenant they serve. */
  readonly session?: boolean;
  readonly calls: (j: Jurisdiction, tenant: string, ctx: SpecContext) => Call[];
}

export interface SpecContext {
  readonly model: IamModel;
  readonly roleOf: (j: Jurisdiction, stack: string, prefix: string) => ModelRole;
  readonly arnOf: (j: Jurisdiction, stack: string, prefix: string) => string;
}

const noDash = (s: string) => s.replace(/-/g, '');
export const bucket = (j: Jurisdiction, cls: string, region = j.primary) => `arn:aws:s3:::steward-${j.id}-${cls}-${ACCOUNT}-${region}`;
const object = (j: Jurisdiction, cls: string, tenant: string, region = j.primary) =>
  `${bucket(j, cls, region)}/tenants/${tenant}/2026/12/01/a.json`;
const classKey = (c: SpecContext, j: Jurisdiction, cls: string, region = j.primary) =>
  c.arnOf(j, region === j.primary ? 'data' : 'replica', `${noDash(cls)}keyKey`);
const table = (c: SpecContext, j: Jurisdiction, cls: string) => c.arnOf(j, 'data', `${noDash(cls)}Table`);
const replicaTable = (c: SpecContext, j: Jurisdiction, cls: string) => table(c, j, cls).replace(`:${j.primary}:`, `:${j.replica}:`);

export const tenantKeyArn = (j: Jurisdiction, tenant: string) => `arn:aws:kms:${j.primary}:${ACCOUNT}:key/tenant-${tenant}`;
/** The policy onboarding gives a tenant key, with the values its function is deployed with. */
export function tenantKeyPolicyOf(c: SpecContext, j: Jurisdiction, tenant: string): PolicyDoc {
  const env = c.roleOf(j, 'tenant-lifecycle', 'OnboardingRole').environment;
  return JSON.parse(tenantKeyPolicy({
    tenantId: tenant, partition: 'aws', accountId: ACCOUNT, region: j.primary,
    platformRoleArnPattern: env.PLATFORM_ROLE_ARN_PATTERN, keyAdministratorArn: env.KEY_ADMINISTRATOR_ARN,
  })) as PolicyDoc;
}
const tenantKeyTags = (tenant: string) => ({
  [`aws:ResourceTag/${TAG.purpose}`]: 'tenant-data-key',
  [`aws:ResourceTag/${TAG.tenant}`]: tenant,
});
const tenantAlias = (j: Jurisdiction, tenant: string) => ({ 'kms:ResourceAliases': [`alias/steward/${j.id}/tenant/${tenant}`] });

/** KMS use through a storage service, with the encryption context that service sends. */
function kmsVia(service: 's3' | 'dynamodb', region: string, key: string, actions: string[], context: Record<string, string> = {}): Call[] {
  return actions.map((action) => ({
    action,
    resource: key,
    region,
    context: { 'kms:ViaService': `${service}.${region}.amazonaws.com`, ...context },
  }));
}

/** Tenant-key use through S3 (objects written with the tenant encryption context). */
function tenantKeyVia(c: SpecContext, j: Jurisdiction, tenant: string, actions: string[], keyTenant = tenant): Call[] {
  return actions.map((action) => ({
    action, resource: tenantKeyArn(j, keyTenant), region: j.primary, tenant, tenantKey: true,
    resourcePolicy: tenantKeyPolicyOf(c, j, keyTenant),
    context: { 'kms:ViaService': `s3.${j.primary}.amazonaws.com`, 'kms:EncryptionContext:tenantId': tenant, ...tenantKeyTags(keyTenant) },
  }));
}

/** An S3 object call on a class-key bucket, with the KMS call S3 makes for it. */
function s3Object(c: SpecContext, j: Jurisdiction, cls: string, tenant: string, action: string, kms: string[], region = j.primary): Call[] {
  const resource = object(j, cls, tenant, region);
  return [
    { action, resource, region, tenant },
    ...kmsVia('s3', region, classKey(c, j, cls, region), kms, { 'kms:EncryptionContext:aws:s3:arn': bucket(j, cls, region) }),
  ];
}

function listing(j: Jurisdiction, cls: string, tenant: string, action: string, region = j.primary): Call {
  return { action, resource: bucket(j, cls, region), region, tenant, context: { 's3:prefix': `tenants/${tenant}/` } };
}

/** A DynamoDB item call on a tenant partition, with the KMS call DynamoDB makes for it. */
function item(c: SpecContext, j: Jurisdiction, cls: string, tenant: string, actions: string[], kms: string[], region = j.primary): Call[] {
  const resource = region === j.primary ? table(c, j, cls) : replicaTable(c, j, cls);
  const key = region === j.primary ? classKey(c, j, cls) : classKey(c, j, cls, region);
  return [
    ...actions.map((action) => ({ action, resource, region, tenant, context: { 'dynamodb:LeadingKeys': [tenant] } })),
    ...kmsVia('dynamodb', region, key, kms),
  ];
}

function audit(c: SpecContext, j: Jurisdiction, operation: string, tenant: string): Call[] {
  return [
    { action: 's3:PutObject', resource: `${bucket(j, 'audit-receipts')}/data-rights/${operation}/${tenant}/2026-12-01.json` },
    ...kmsVia('s3', j.primary, classKey(c, j, 'audit-receipts'), ['kms:GenerateDataKey']),
  ];
}

const LOG_CLASSES = ['access-logs', 'incident-logs', 'device-logs'];
const OPT_IN_CLASSES = ['config-backups', 'provisioning-templates', 'advanced-reporting-logs'];
const REPLICATED_BUCKETS = [...OPT_IN_CLASSES, ...LOG_CLASSES];
const TERMINATION_BUCKETS = ['config-cache', ...REPLICATED_BUCKETS, 'exports'];
const TERMINATION_TABLES = ['device-metadata', 'support-grants'];

/** Both regions of every replicated termination bucket. */
function terminationBuckets(j: Jurisdiction): Array<[string, string]> {
  return [
    ...TERMINATION_BUCKETS.map((b) => [b, j.primary] as [string, string]),
    ...REPLICATED_BUCKETS.map((b) => [b, j.replica] as [string, string]),
  ];
}

const L = 'tenant-lifecycle';
const D = 'data-rights';
const STEP = (s: string) => `TenantTerminationWorkflow${noDash(s)}Role`;
/** The TenantSessionRole of a termination step. */
const SESSION = (s: string) => `TenantTerminationWorkflow${s.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}SessionRole`;
const LOG_PURGE_SESSION = 'EarlyLogPurgeSessionRole';
const CONSENT_SESSION = 'SupportConsentConsentSessionRole';
const BROKER_SESSION = 'SupportConsentBrokerSessionRole';
const OPT_IN_SESSION = 'OptInWriterSessionRole';
const EXPORT_SESSION = 'TenantExportSessionRole';
const DSR_SESSION = 'DataSubjectRequestsSessionRole';

/** A handler's role starts sessions of its TenantSessionRole, tagged with the tenant (and nothing else). */
function startsSessions(handler: string, stack: string, role: string, sessionRole: string): CallSpec {
  return {
    handler, stack, role, command: 'sts:AssumeRoleCommand',
    calls: (j, t, c) => ['sts:AssumeRole', 'sts:TagSession'].map((action) => ({
      action, resource: c.arnOf(j, stack, sessionRole), resourcePolicy: c.roleOf(j, stack, sessionRole).trust,
      context: { [`aws:RequestTag/${TAG.tenant}`]: t, 'aws:TagKeys': [TAG.tenant] },
    })),
  };
}

/** Use of the key of a workflow's execution history, bound to the state machine by its context. */
function historyKey(c: SpecContext, j: Jurisdiction, stateMachineArn: string, actions: string[]): Call[] {
  return actions.map((action) => ({
    action, resource: classKey(c, j, 'operational-logs'), context: { 'kms:EncryptionContext:aws:states:stateMachineArn': stateMachineArn },
  }));
}

/**
 * A checkpointed workflow's handler starts and reads executions of its own state machine, and
 * the state machine invokes the handler; both use the key of the execution history.
 */
function ownWorkflow(handler: string, role: string, stateMachine: string): CallSpec[] {
  const arn = (j: Jurisdiction) => `arn:aws:states:${j.primary}:${ACCOUNT}:stateMachine:steward-${j.id}-${stateMachine}`;
  return [
    { handler, stack: D, role, command: 'sfn:StartExecutionCommand',
      calls: (j, _t, c) => [
        { action: 'states:StartExecution', resource: arn(j) }, ...historyKey(c, j, arn(j), ['kms:GenerateDataKey', 'kms:Decrypt']),
      ] },
    { handler, stack: D, role, command: 'sfn:DescribeExecutionCommand',
      calls: (j, _t, c) => [
        { action: 'states:DescribeExecution', resource: `${arn(j).replace(':stateMachine:', ':execution:')}:request-1` },
        ...historyKey(c, j, arn(j), ['kms:Decrypt']),
      ] },
    { stack: D, role: role.replace(/HandlerRole$/, 'WorkflowStateMachineRole'), command: 'platform:step-functions-runs-workflow',
      calls: (j, _t, c) => [
        { action: 'lambda:InvokeFunction', resource: c.arnOf(j, D, role.replace(/Role$/, 'Function')) },
        ...historyKey(c, j, arn(j), ['kms:GenerateDataKey', 'kms:Decrypt']),
        { action: 'kms:GenerateDataKey', resource: classKey(c, j, 'operational-logs'),
          context: { 'kms:EncryptionContext:SourceArn': `arn:aws:logs:${j.primary}:${ACCOUNT}:*` } },
      ] },
  ];
}

/** An archive written in parts across invocations: its parts are listed, its remainders listed and deleted. */
function archiveRemainders(handler: string, role: string): CallSpec[] {
  const archive = (j: Jurisdiction, t: string) => object(j, 'exports', t);
  return [
    { handler, stack: D, role, session: true, command: 's3:ListPartsCommand',
      calls: (j, t) => [{ action: 's3:ListMultipartUploadParts', resource: archive(j, t), tenant: t }] },
    { handler, stack: D, role, session: true, command: 's3:DeleteObjectCommand',
      calls: (j, t) => [{ action: 's3:DeleteObject', resource: `${archive(j, t)}.remainders/000001`, tenant: t }] },
  ];
}

export const CALL_SPECS: CallSpec[] = [
  // tenant-onboarding
  startsSessions('tenant-onboarding', L, 'OnboardingRole', 'OnboardingSessionRole'),
  { handler: 'tenant-onboarding', stack: L, role: 'OnboardingSessionRole', session: true, command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  { handler: 'tenant-onboarding', stack: L, role: 'OnboardingSessionRole', session: true, command: 'dynamodb:PutCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:PutItem'], ['kms:GenerateDataKey', 'kms:Encrypt']) },
  { handler: 'tenant-onboarding', stack: L, role: 'OnboardingRole', command: 'kms:CreateKeyCommand',
    calls: (j, _t, c) => [
      {
        action: 'kms:CreateKey',
        resource: '*',
        region: j.primary,
        context: {
          [`aws:RequestTag/${TAG.purpose}`]: 'tenant-data-key',
          'kms:KeySpec': 'SYMMETRIC_DEFAULT',
          'aws:TagKeys': [TAG.tenant, TAG.purpose, TAG.jurisdiction, TAG.deletedBy],
        },
      },
      // Tags given to CreateKey are authorised as TagResource on the new key.
      {
        action: 'kms:TagResource',
        resource: tenantKeyArn(j, 'new'),
        resourcePolicy: tenantKeyPolicyOf(c, j, 'new'),
        context: { [`aws:RequestTag/${TAG.purpose}`]: 'tenant-data-key', 'aws:TagKeys': [TAG.purpose] },
      },
    ] },
  { handler: 'tenant-onboarding', stack: L, role: 'OnboardingRole', command: 'kms:DescribeKeyCommand',
    calls: (j, t, c) => [
      {
        action: 'kms:DescribeKey',
        resource: tenantKeyArn(j, t),
        resourcePolicy: tenantKeyPolicyOf(c, j, t),
        context: { ...tenantKeyTags(t), ...tenantAlias(j, t) },
      },
    ] },
  { handler: 'tenant-onboarding', stack: L, role: 'OnboardingRole', command: 'kms:EnableKeyRotationCommand',
    calls: (j, t, c) => [
      {
        action: 'kms:EnableKeyRotation',
        resource: tenantKeyArn(j, t),
        resourcePolicy: tenantKeyPolicyOf(c, j, t),
        context: tenantKeyTags(t),
      },
    ] },
  { handler: 'tenant-onboarding', stack: L, role: 'OnboardingRole', command: 'kms:CreateAliasCommand',
    calls: (j, t, c) => [
      {
        action: 'kms:CreateAlias',
        resource: `arn:aws:kms:${j.primary}:${ACCOUNT}:alias/steward/${j.id}/tenant/${t}`,
        resourcePolicy: null,
      },
      { action: 'kms:CreateAlias', resource: tenantKeyArn(j, t), resourcePolicy: tenantKeyPolicyOf(c, j, t), context: tenantKeyTags(t) },
    ] },
  { handler: 'tenant-onboarding', stack: L, role: 'OnboardingRole', command: 'kms:ScheduleKeyDeletionCommand',
    calls: (j, t, c) => [
      {
        action: 'kms:ScheduleKeyDeletion',
        resource: tenantKeyArn(j, t),
        resourcePolicy: tenantKeyPolicyOf(c, j, t),
        context: tenantKeyTags(t),
      },
    ] },

  // tenant-termination, step by step
  { handler: 'tenant-termination', stack: L, role: SESSION('plan'), session: true, command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  // Every step but delete-users works in a session tagged with the tenant (TenantSessionRole).
  ...(['plan', 'shred-key', 'plan-purge', 'purge-bucket', 'purge-table', 'verify', 'receipt']
    .map((s) => startsSessions('tenant-termination', L, STEP(s), SESSION(s)))),
  ...(['DescribeKey', 'DisableKey', 'ScheduleKeyDeletion'].map((op) => ({
    handler: 'tenant-termination', stack: L, role: SESSION('shred-key'), session: true, command: `kms:${op}Command`,
    calls: (j: Jurisdiction, t: string, c: SpecContext): Call[] => [{
      action: `kms:${op}`, resource: tenantKeyArn(j, t), tenant: t, resourcePolicy: tenantKeyPolicyOf(c, j, t),
      context: { ...tenantKeyTags(t), ...tenantAlias(j, t) },
    }],
  }))),
  { handler: 'tenant-termination', stack: L, role: SESSION('plan-purge'), session: true, command: 's3:ListObjectVersionsCommand',
    calls: (j, t) => terminationBuckets(j).map(([b, r]) => listing(j, b, t, 's3:ListBucketVersions', r)) },
  { handler: 'tenant-termination', stack: L, role: SESSION('purge-bucket'), session: true, command: 's3:ListObjectVersionsCommand',
    calls: (j, t) => terminationBuckets(j).map(([b, r]) => listing(j, b, t, 's3:ListBucketVersions', r)) },
  { handler: 'tenant-termination', stack: L, role: SESSION('purge-bucket'), session: true, command: 's3:DeleteObjectsCommand',
    calls: (j, t) =>
      terminationBuckets(j).flatMap(([b, r]) =>
        ['s3:DeleteObjectVersion', 's3:DeleteObject'].map((action) => ({ action, resource: object(j, b, t, r), region: r, tenant: t })),
      ) },
  { handler: 'tenant-termination', stack: L, role: SESSION('purge-bucket'), session: true, command: 's3:ListMultipartUploadsCommand',
    calls: (j, t) =>
      terminationBuckets(j).map(([b, r]) => ({
        action: 's3:ListBucketMultipartUploads', resource: bucket(j, b, r), region: r, tenant: t,
      })) },
  { handler: 'tenant-termination', stack: L, role: SESSION('purge-bucket'), session: true, command: 's3:AbortMultipartUploadCommand',
    calls: (j, t) =>
      terminationBuckets(j).map(([b, r]) => ({ action: 's3:AbortMultipartUpload', resource: object(j, b, t, r), region: r, tenant: t })) },
  // Shards and checkpoints cross the execution history sealed with the log key, under the checkpoint purpose only.
  ...([['plan-purge', 'GenerateDataKey'], ['purge-bucket', 'GenerateDataKey'], ['purge-bucket', 'Decrypt']].map(([step, op]) => ({
    handler: 'tenant-termination', stack: L, role: STEP(step), command: `kms:${op}Command`,
    calls: (j: Jurisdiction, t: string, c: SpecContext): Call[] => [{
      action: `kms:${op}`, resource: classKey(c, j, 'operational-logs'),
      context: { 'kms:EncryptionContext:purpose': 'termination-checkpoint', 'kms:EncryptionContext:tenantId': t },
    }],
  }))),
  { handler: 'tenant-termination', stack: L, role: SESSION('purge-table'), session: true, command: 'dynamodb:QueryCommand',
    calls: (j, t, c) => TERMINATION_TABLES.flatMap((tb) => item(c, j, tb, t, ['dynamodb:Query'], ['kms:Decrypt'])) },
  { handler: 'tenant-termination', stack: L, role: SESSION('purge-table'), session: true, command: 'dynamodb:BatchWriteCommand',
    calls: (j, t, c) =>
      TERMINATION_TABLES.flatMap((tb) => item(c, j, tb, t, ['dynamodb:BatchWriteItem'], ['kms:GenerateDataKey', 'kms:Encrypt'])) },
  ...([
    'cognito-identity-provider:ListUsersCommand',
    'cognito-identity-provider:ListUsersInGroupCommand',
    'cognito-identity-provider:AdminDeleteUserCommand',
    'cognito-identity-provider:DeleteGroupCommand',
  ].map((command) => ({
    handler: 'tenant-termination', stack: L, role: STEP('delete-users'), command,
    calls: (j: Jurisdiction, t: string, c: SpecContext) => [
      {
        action: `cognito-idp:${command.split(':')[1].replace(/Command$/, '')}`,
        resource: c.arnOf(j, 'portal-users', 'UserPool'),
        tenant: t,
      },
    ],
  }))),
  // The portal user guard (Cognito's pre-sign-up and pre-token-generation trigger) reads a tenant's status.
  { handler: 'portal-user-guard', stack: 'portal-users', role: 'UserGuardRole', command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  { handler: 'tenant-termination', stack: L, role: SESSION('verify'), session: true, command: 'dynamodb:QueryCommand',
    calls: (j, t, c) => TERMINATION_TABLES.flatMap((tb) => [
      ...item(c, j, tb, t, ['dynamodb:Query'], ['kms:Decrypt']),
      ...(tb === 'device-metadata' ? item(c, j, tb, t, ['dynamodb:Query'], ['kms:Decrypt'], j.replica) : []),
    ]) },
  ...(['ListUsers', 'ListUsersInGroup'].map((op) => ({
    handler: 'tenant-termination', stack: L, role: STEP('verify'), command: `cognito-identity-provider:${op}Command`,
    calls: (j: Jurisdiction, t: string, c: SpecContext): Call[] => [
      { action: `cognito-idp:${op}`, resource: c.arnOf(j, 'portal-users', 'UserPool'), tenant: t },
    ],
  }))),
  // A version a delete left behind counts as retained only when S3 reports it locked.
  ...(['GetObjectLegalHold', 'GetObjectRetention'].map((op) => ({
    handler: 'tenant-termination', stack: L, role: SESSION('verify'), session: true, command: `s3:${op}Command`,
    calls: (j: Jurisdiction, t: string): Call[] =>
      terminationBuckets(j).map(([b, r]) => ({ action: `s3:${op}`, resource: object(j, b, t, r), region: r, tenant: t })),
  }))),
  { handler: 'tenant-termination', stack: L, role: SESSION('verify'), session: true, command: 's3:ListObjectVersionsCommand',
    calls: (j, t) => terminationBuckets(j).map(([b, r]) => listing(j, b, t, 's3:ListBucketVersions', r)) },
  { handler: 'tenant-termination', stack: L, role: SESSION('verify'), session: true, command: 's3:ListMultipartUploadsCommand',
    calls: (j, t) =>
      terminationBuckets(j).map(([b, r]) => ({
        action: 's3:ListBucketMultipartUploads', resource: bucket(j, b, r), region: r, tenant: t,
      })) },
  { handler: 'tenant-termination', stack: L, role: SESSION('verify'), session: true, command: 'kms:DescribeKeyCommand',
    calls: (j, t, c) => [
      {
        action: 'kms:DescribeKey',
        resource: tenantKeyArn(j, t),
        tenant: t,
        resourcePolicy: tenantKeyPolicyOf(c, j, t),
        context: { ...tenantKeyTags(t), ...tenantAlias(j, t) },
      },
    ] },
  { handler: 'tenant-termination', stack: L, role: SESSION('receipt'), session: true, command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  // The registry entry becomes a tombstone, so a terminated id is never onboarded again.
  { handler: 'tenant-termination', stack: L, role: SESSION('receipt'), session: true, command: 'dynamodb:PutCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:PutItem'], ['kms:GenerateDataKey', 'kms:Encrypt']) },
  { handler: 'tenant-termination', stack: L, role: STEP('receipt'), command: 's3:PutObjectCommand',
    calls: (j, t, c) => [
      { action: 's3:PutObject', resource: `${bucket(j, 'audit-receipts')}/terminations/${t}/run.json` },
      ...kmsVia('s3', j.primary, classKey(c, j, 'audit-receipts'), ['kms:GenerateDataKey']),
    ] },

  // termination-trigger and the platform calls for it. Starting an execution of a state machine under a
  // customer-managed key takes kms:GenerateDataKey and kms:Decrypt of the caller, under the state machine's context.
  { handler: 'termination-trigger', stack: L, role: 'TenantTerminationWorkflowtriggerRole', command: 'sfn:StartExecutionCommand',
    calls: (j, _t, c) => {
      const arn = c.arnOf(j, L, 'TenantTerminationWorkflowStateMachine');
      return [{ action: 'states:StartExecution', resource: arn }, ...historyKey(c, j, arn, ['kms:GenerateDataKey', 'kms:Decrypt'])];
    } },
  { stack: L, role: 'TenantTerminationWorkflowtriggerRole', command: 'platform:lambda-polls-registry-stream',
    calls: (j, _t, c) => {
      const stream = `${table(c, j, 'tenant-registry')}/stream/2026-01-01T00:00:00.000`;
      return [
        ...['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].map((action) => ({ action, resource: stream })),
        { action: 'dynamodb:ListStreams', resource: '*', region: j.primary },
        ...kmsVia('dynamodb', j.primary, classKey(c, j, 'tenant-registry'), ['kms:Decrypt']),
      ];
    } },
  { stack: L, role: 'TenantTerminationWorkflowStateMachineRole', command: 'platform:step-functions-invokes-steps',
    calls: (j, _t, c) => ['plan', 'shredkey', 'purgebucket', 'purgetable', 'deleteusers', 'verify', 'receipt']
      .map((s) => ({ action: 'lambda:InvokeFunction', resource: c.arnOf(j, L, `TenantTerminationWorkflow${s}Function`) })) },
  // The state machine keeps its executions' history, the fan-out's children's (executions of itself) included, under the
  // history key, and delivers its logs; the fan-out starts, watches and stops the children.
  { stack: L, role: 'TenantTerminationWorkflowStateMachineRole', command: 'platform:step-functions-runs-termination',
    calls: (j, _t, c) => {
      const arn = c.arnOf(j, L, 'TenantTerminationWorkflowStateMachine');
      const child = `${arn.replace(':stateMachine:', ':execution:')}:purge-1`;
      return [
        { action: 'states:StartExecution', resource: arn },
        { action: 'states:DescribeExecution', resource: child },
        { action: 'states:StopExecution', resource: child },
        ...historyKey(c, j, arn, ['kms:GenerateDataKey', 'kms:Decrypt']),
        { action: 'kms:GenerateDataKey', resource: classKey(c, j, 'operational-logs'),
          context: { 'kms:EncryptionContext:SourceArn': `arn:aws:logs:${j.primary}:${ACCOUNT}:*` } },
      ];
    } },

  // log-purge
  startsSessions('log-purge', D, 'EarlyLogPurgeHandlerRole', LOG_PURGE_SESSION),
  { handler: 'log-purge', stack: D, role: LOG_PURGE_SESSION, session: true, command: 's3:ListObjectVersionsCommand',
    calls: (j, t) => LOG_CLASSES.flatMap((b) => [j.primary, j.replica].map((r) => listing(j, b, t, 's3:ListBucketVersions', r))) },
  { handler: 'log-purge', stack: D, role: LOG_PURGE_SESSION, session: true, command: 's3:DeleteObjectsCommand',
    calls: (j, t) =>
      LOG_CLASSES.flatMap((b) =>
        [j.primary, j.replica].map((r) => ({ action: 's3:DeleteObjectVersion', resource: object(j, b, t, r), region: r, tenant: t })),
      ) },
  { handler: 'log-purge', stack: D, role: LOG_PURGE_SESSION, session: true, command: 's3:ListMultipartUploadsCommand',
    calls: (j, t) =>
      LOG_CLASSES.flatMap((b) =>
        [j.primary, j.replica].map((r) => ({ action: 's3:ListBucketMultipartUploads', resource: bucket(j, b, r), region: r, tenant: t })),
      ) },
  { handler: 'log-purge', stack: D, role: LOG_PURGE_SESSION, session: true, command: 's3:AbortMultipartUploadCommand',
    calls: (j, t) =>
      LOG_CLASSES.flatMap((b) =>
        [j.primary, j.replica].map((r) => ({ action: 's3:AbortMultipartUpload', resource: object(j, b, t, r), region: r, tenant: t })),
      ) },
  {
    handler: 'log-purge',
    stack: D,
    role: 'EarlyLogPurgeHandlerRole',
    command: 's3:PutObjectCommand',
    calls: (j, t, c) => audit(c, j, 'log-purge', t),
  },

  // tenant-export: the function starts sessions and writes its audit; the session reaches the tenant's data
  startsSessions('tenant-export', D, 'TenantExportHandlerRole', EXPORT_SESSION),
  { handler: 'tenant-export', stack: D, role: 'TenantExportHandlerRole', command: 's3:PutObjectCommand',
    calls: (j, t, c) => audit(c, j, 'tenant-export', t) },
  { handler: 'tenant-export', stack: D, role: EXPORT_SESSION, session: true, command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  { handler: 'tenant-export', stack: D, role: EXPORT_SESSION, session: true, command: 'dynamodb:QueryCommand',
    calls: (j, t, c) => ['device-metadata', 'support-grants'].flatMap((tb) => item(c, j, tb, t, ['dynamodb:Query'], ['kms:Decrypt'])) },
  { handler: 'tenant-export', stack: D, role: EXPORT_SESSION, session: true, command: 's3:ListObjectsV2Command',
    calls: (j, t) => [...OPT_IN_CLASSES, ...LOG_CLASSES, 'exports'].map((b) => listing(j, b, t, 's3:ListBucket')) },
  ...ownWorkflow('tenant-export', 'TenantExportHandlerRole', 'tenant-export'),
  ...archiveRemainders('tenant-export', EXPORT_SESSION),
  { handler: 'tenant-export', stack: D, role: EXPORT_SESSION, session: true, command: 's3:GetObjectCommand',
    calls: (j, t, c) => [
      ...LOG_CLASSES.flatMap((b) => s3Object(c, j, b, t, 's3:GetObject', ['kms:Decrypt'])),
      ...OPT_IN_CLASSES.flatMap((b) => [
        { action: 's3:GetObject', resource: object(j, b, t), tenant: t },
        ...tenantKeyVia(c, j, t, ['kms:Decrypt']),
      ]),
      // the presigned download of the archive
      { action: 's3:GetObject', resource: object(j, 'exports', t), tenant: t }, ...tenantKeyVia(c, j, t, ['kms:Decrypt']),
    ] },
  ...[
    's3:CreateMultipartUploadCommand',
    's3:UploadPartCommand',
    's3:CompleteMultipartUploadCommand',
    's3:AbortMultipartUploadCommand',
    's3:PutObjectCommand',
  ].map((command) => ({
    handler: 'tenant-export', stack: D, role: EXPORT_SESSION, session: true, command,
    calls: (j: Jurisdiction, t: string, c: SpecContext): Call[] => [
      {
        action: command === 's3:AbortMultipartUploadCommand' ? 's3:AbortMultipartUpload' : 's3:PutObject',
        resource: object(j, 'exports', t),
        tenant: t,
      },
      ...tenantKeyVia(c, j, t, command === 's3:CreateMultipartUploadCommand' ? ['kms:GenerateDataKey'] : ['kms:Decrypt']),
      ...kmsVia('s3', j.primary, classKey(c, j, 'exports'), ['kms:GenerateDataKey', 'kms:Decrypt']),
    ],
  })),

  // data-subject-request: the function starts sessions, writes its audit, reaches portal accounts and seals identifiers
  startsSessions('data-subject-request', D, 'DataSubjectRequestsHandlerRole', DSR_SESSION),
  { handler: 'data-subject-request', stack: D, role: 'DataSubjectRequestsHandlerRole', command: 's3:PutObjectCommand',
    calls: (j, t, c) => audit(c, j, 'data-subject-request', t) },
  { handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  { handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command: 'dynamodb:QueryCommand',
    calls: (j, t, c) => item(c, j, 'device-metadata', t, ['dynamodb:Query'], ['kms:Decrypt']) },
  { handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command: 'dynamodb:UpdateCommand',
    calls: (j, t, c) => item(c, j, 'device-metadata', t, ['dynamodb:UpdateItem'], ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt']) },
  { handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command: 's3:ListObjectVersionsCommand',
    calls: (j, t) => ['advanced-reporting-logs', ...LOG_CLASSES].map((b) => listing(j, b, t, 's3:ListBucketVersions')) },
  { handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command: 's3:GetObjectCommand',
    calls: (j, t, c) => [
      ...LOG_CLASSES.flatMap((b) => [
        ...s3Object(c, j, b, t, 's3:GetObject', ['kms:Decrypt']),
        { action: 's3:GetObjectVersion', resource: object(j, b, t), tenant: t },
      ]),
      { action: 's3:GetObjectVersion', resource: object(j, 'advanced-reporting-logs', t), tenant: t },
      ...tenantKeyVia(c, j, t, ['kms:Decrypt']),
      { action: 's3:GetObject', resource: object(j, 'exports', t), tenant: t },
    ] },
  { handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command: 's3:PutObjectCommand',
    calls: (j, t, c) => [
      ...LOG_CLASSES.flatMap((b) => s3Object(c, j, b, t, 's3:PutObject', ['kms:GenerateDataKey'])),
      { action: 's3:PutObject', resource: object(j, 'advanced-reporting-logs', t), tenant: t },
      ...tenantKeyVia(c, j, t, ['kms:GenerateDataKey']),
    ] },
  { handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command: 's3:DeleteObjectsCommand',
    calls: (j, t) =>
      ['advanced-reporting-logs', ...LOG_CLASSES].flatMap((b) =>
        [j.primary, j.replica].map((r) => ({ action: 's3:DeleteObjectVersion', resource: object(j, b, t, r), region: r, tenant: t })),
      ) },
  ...[
    's3:CreateMultipartUploadCommand',
    's3:UploadPartCommand',
    's3:CompleteMultipartUploadCommand',
    's3:AbortMultipartUploadCommand',
  ].map((command) => ({
    handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command,
    calls: (j: Jurisdiction, t: string, c: SpecContext): Call[] => [
      {
        action: command === 's3:AbortMultipartUploadCommand' ? 's3:AbortMultipartUpload' : 's3:PutObject',
        resource: object(j, 'exports', t),
        tenant: t,
      },
      ...tenantKeyVia(c, j, t, command === 's3:CreateMultipartUploadCommand' ? ['kms:GenerateDataKey'] : ['kms:Decrypt']),
      ...kmsVia('s3', j.primary, classKey(c, j, 'exports'), ['kms:GenerateDataKey', 'kms:Decrypt']),
    ],
  })),
  ...['ListUsers', 'AdminGetUser', 'AdminDeleteUser'].map((op) => ({
    handler: 'data-subject-request', stack: D, role: 'DataSubjectRequestsHandlerRole', command: `cognito-identity-provider:${op}Command`,
    calls: (j: Jurisdiction, t: string, c: SpecContext): Call[] => [
      { action: `cognito-idp:${op}`, resource: c.arnOf(j, 'portal-users', 'UserPool'), tenant: t },
    ],
  })),

  ...ownWorkflow('data-subject-request', 'DataSubjectRequestsHandlerRole', 'data-subject-requests'),
  ...archiveRemainders('data-subject-request', DSR_SESSION),
  { handler: 'data-subject-request', stack: D, role: DSR_SESSION, session: true, command: 's3:ListObjectsV2Command',
    calls: (j, t) => [listing(j, 'exports', t, 's3:ListBucket')] },
  // The subject's identifiers cross the workflow's history sealed with the exports key.
  ...(['Encrypt', 'Decrypt'].map((op) => ({
    handler: 'data-subject-request', stack: D, role: 'DataSubjectRequestsHandlerRole', command: `kms:${op}Command`,
    calls: (j: Jurisdiction, _t: string, c: SpecContext): Call[] => [
      { action: `kms:${op}`, resource: classKey(c, j, 'exports'), context: { 'kms:EncryptionContext:purpose': 'data-subject-request' } },
    ],
  }))),

  // support-consent
  startsSessions('support-consent', D, 'SupportConsentRole', CONSENT_SESSION),
  { handler: 'support-consent', stack: D, role: CONSENT_SESSION, session: true, command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  { handler: 'support-consent', stack: D, role: CONSENT_SESSION, session: true, command: 'dynamodb:QueryCommand',
    calls: (j, t, c) => item(c, j, 'support-grants', t, ['dynamodb:Query'], ['kms:Decrypt']) },
  { handler: 'support-consent', stack: D, role: CONSENT_SESSION, session: true, command: 'dynamodb:PutCommand',
    calls: (j, t, c) => item(c, j, 'support-grants', t, ['dynamodb:PutItem'], ['kms:GenerateDataKey', 'kms:Encrypt']) },
  { handler: 'support-consent', stack: D, role: CONSENT_SESSION, session: true, command: 'dynamodb:UpdateCommand',
    calls: (j, t, c) => item(c, j, 'support-grants', t, ['dynamodb:UpdateItem'], ['kms:Decrypt', 'kms:GenerateDataKey']) },
  { handler: 'support-consent', stack: D, role: 'SupportConsentRole', command: 's3:PutObjectCommand',
    calls: (j, t, c) => [...audit(c, j, 'support-grant', t), ...audit(c, j, 'support-revoke', t)] },
  // Grants' gates: inline policies of the support role (IAM is global: requests go to us-east-1).
  ...(['PutRolePolicy', 'DeleteRolePolicy', 'ListRolePolicies'].map((op) => ({
    handler: 'support-consent', stack: D, role: 'SupportConsentRole', command: `iam:${op}Command`,
    calls: (j: Jurisdiction, _t: string, c: SpecContext): Call[] => [
      { action: `iam:${op}`, resource: c.arnOf(j, D, 'SupportConsentSupportRole'), region: 'us-east-1' },
    ],
  }))),

  // support-access-broker, and the session it mints
  startsSessions('support-access-broker', D, 'SupportConsentBrokerRole', BROKER_SESSION),
  // A tenant being terminated gets no new session: the broker reads its registry status.
  { handler: 'support-access-broker', stack: D, role: BROKER_SESSION, session: true, command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  { handler: 'support-access-broker', stack: D, role: BROKER_SESSION, session: true, command: 'dynamodb:QueryCommand',
    calls: (j, t, c) => item(c, j, 'support-grants', t, ['dynamodb:Query'], ['kms:Decrypt']) },
  { handler: 'support-access-broker', stack: D, role: 'SupportConsentBrokerRole', command: 'sts:AssumeRoleCommand',
    calls: (j, t, c) => {
      // One AssumeRole request is authorised as three actions, each seeing the request's keys.
      const tags = { [`aws:RequestTag/${TAG.tenant}`]: t, 'aws:TagKeys': [TAG.tenant] };
      const source = { 'sts:SourceIdentity': 'engineer@example.com' };
      const authorised = [
        ['sts:AssumeRole', { ...tags, ...source }],
        ['sts:TagSession', tags],
        ['sts:SetSourceIdentity', { ...tags, ...source }],
      ] as const;
      return authorised.map(([action, context]) => ({
        action, resource: c.arnOf(j, D, 'SupportConsentSupportRole'), tenant: t,
        resourcePolicy: c.roleOf(j, D, 'SupportConsentSupportRole').trust, context,
      }));
    } },
  {
    handler: 'support-access-broker',
    stack: D,
    role: 'SupportConsentBrokerRole',
    command: 's3:PutObjectCommand',
    calls: (j, t, c) => audit(c, j, 'support-access', t),
  },

  // support-grant-expiry
  {
    handler: 'support-grant-expiry',
    stack: D,
    role: 'SupportConsentExpiryAuditRole',
    command: 's3:PutObjectCommand',
    calls: (j, t, c) => audit(c, j, 'support-grant-expiry', t),
  },

  // opt-in-writer
  startsSessions('opt-in-writer', D, 'OptInWriterHandlerRole', OPT_IN_SESSION),
  { handler: 'opt-in-writer', stack: D, role: OPT_IN_SESSION, session: true, command: 'dynamodb:GetCommand',
    calls: (j, t, c) => item(c, j, 'tenant-registry', t, ['dynamodb:GetItem'], ['kms:Decrypt']) },
  { handler: 'opt-in-writer', stack: D, role: OPT_IN_SESSION, session: true, command: 's3:PutObjectCommand',
    calls: (j, t, c) =>
      OPT_IN_CLASSES.flatMap((b) => [
        { action: 's3:PutObject', resource: object(j, b, t), tenant: t },
        ...tenantKeyVia(c, j, t, ['kms:GenerateDataKey']),
      ]) },

  // S3 replication of the primary region's replicated buckets
  { stack: 'data', role: 'ReplicationRole', command: 'platform:s3-replication',
    calls: (j, t, c) => REPLICATED_BUCKETS.flatMap((b) => [
      { action: 's3:GetReplicationConfiguration', resource: bucket(j, b) },
      { action: 's3:ListBucket', resource: bucket(j, b) },
      ...['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'].map((action) => ({
        action,
        resource: object(j, b, t),
      })),
      ...['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'].map((action) => ({
        action,
        resource: object(j, b, t, j.replica),
        region: j.replica,
      })),
      ...kmsVia('s3', j.primary, classKey(c, j, b), ['kms:Decrypt']),
      ...kmsVia('s3', j.replica, classKey(c, j, b, j.replica), ['kms:Encrypt', 'kms:GenerateDataKey'], {}),
      // Opt-in objects are encrypted with the tenant's own key, which replication must decrypt
      // (replication copies every tenant's objects: it serves no tenant, so no cross-tenant check).
      ...(OPT_IN_CLASSES.includes(b)
        ? tenantKeyVia(c, j, t, ['kms:Decrypt']).map((x) => ({ ...x, tenantKey: false, tenant: undefined }))
        : []),
    ]) },
];

/** Every Lambda role also writes its logs, sends traces and dead letters. */
export function platformCallsOfLambdaRole(role: ModelRole, c: SpecContext, j: Jurisdiction): Call[] {
  const stack = role.stack;
  const fnPrefix = role.logicalId.replace(/Role[0-9A-F]{8}$/, '');
  const logGroup = c.model.arns.get([...c.model.arns.keys()].find((k) => k.startsWith(`${stack}/${fnPrefix}Logs`)) ?? '');
  const dlq = [...c.model.arns.entries()].find(([k]) => k.startsWith(`${stack}/HandlerSupportDeadLetters`))?.[1];
  if (!logGroup || !dlq) throw new Error(`${role.logicalId}: no log group or dead-letter queue found`);
  return [
    { action: 'logs:CreateLogStream', resource: logGroup.replace(/:\*$/, ':log-stream:2026/12/01/[$LATEST]abc') },
    { action: 'logs:PutLogEvents', resource: logGroup.replace(/:\*$/, ':log-stream:2026/12/01/[$LATEST]abc') },
    { action: 'xray:PutTraceSegments', resource: '*', region: j.primary },
    { action: 'sqs:SendMessage', resource: dlq },
    ...kmsVia('s3', j.primary, classKey(c, j, 'operational-logs'), []),
    {
      action: 'kms:GenerateDataKey',
      resource: classKey(c, j, 'operational-logs'),
      context: { 'kms:ViaService': `sqs.${j.primary}.amazonaws.com` },
    },
  ];
}
