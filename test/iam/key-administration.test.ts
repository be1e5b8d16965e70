import { tenantKeyPolicy } from '../../lambda/shared/tenant-key';
import { ACCOUNT, decide, type IamModel, type ModelRole } from '../support/iam-model';
import { arnOf, defaultAppIamModel, roleOf } from '../support/iam-app';
import { TAG } from '../../lib/vocabulary';

/**
 * Who may administer which key, judged by an offline IAM evaluator over the synthesized
 * templates (identity policies, permissions boundary and key policy together), so each
 * expectation holds for what AWS evaluates rather than for what our code assumes.
 */
let model: IamModel;
let onboarding: ModelRole;
let shred: ModelRole;
let shredStep: ModelRole;
const LIFECYCLE = 'steward-eu-tenant-lifecycle';
const DATA = 'steward-eu-data';
const REGION = 'eu-central-1';
const TENANT_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/tenant-acme`;
const TENANT_TAGS = { [`aws:ResourceTag/${TAG.purpose}`]: 'tenant-data-key', [`aws:ResourceTag/${TAG.tenant}`]: 'acme' };

beforeAll(() => {
  model = defaultAppIamModel();
  onboarding = roleOf(model, LIFECYCLE, 'OnboardingRole');
  shred = roleOf(model, LIFECYCLE, 'TenantTerminationWorkflowShredKeySessionRole');
  shredStep = roleOf(model, LIFECYCLE, 'TenantTerminationWorkflowshredkeyRole');
});

/** The policy onboarding gives a new tenant key, with the values its function is deployed with. */
function acmeKeyPolicy() {
  const env = onboarding.environment;
  return JSON.parse(tenantKeyPolicy({
    tenantId: 'acme', partition: 'aws', accountId: ACCOUNT, region: REGION,
    platformRoleArnPattern: env.PLATFORM_ROLE_ARN_PATTERN, keyAdministratorArn: env.KEY_ADMINISTRATOR_ARN,
  }));
}

describe('platform keys (P-TENANT-ISOLATION)', () => {
  const platformKeys = () => [
    arnOf(model, DATA, 'devicelogskeyKey'),
    arnOf(model, DATA, 'auditreceiptskeyKey'),
    arnOf(model, DATA, 'StorageAccessLogsKey'),
  ];

  test('onboarding cannot tag a class key as a tenant key, so tag-conditioned grants never reach it', async () => {
    for (const key of platformKeys()) {
      expect(await decide(model, onboarding, {
        action: 'kms:TagResource', resource: key,
        context: { [`aws:RequestTag/${TAG.purpose}`]: 'tenant-data-key', 'aws:TagKeys': [TAG.purpose] },
      })).not.toBe('Allowed');
    }
  });

  test('even a key somehow tagged as a tenant key refuses policy changes and deletion by onboarding and the shred step', async () => {
    for (const key of platformKeys()) {
      for (const [role, action] of [
        [onboarding, 'kms:PutKeyPolicy'],
        [onboarding, 'kms:ScheduleKeyDeletion'],
        [shred, 'kms:ScheduleKeyDeletion'],
        [shred, 'kms:DisableKey'],
      ] as const) {
        const context = {
          [`aws:ResourceTag/${TAG.purpose}`]: 'tenant-data-key',
          [`aws:ResourceTag/${TAG.tenant}`]: 'acme',
          [`aws:PrincipalTag/${TAG.tenant}`]: 'acme',
        };
        expect(await decide(model, role, { action, resource: key, context })).toBe('ExplicitlyDenied');
      }
    }
  });

  test('the named administrator (the CDK CloudFormation execution role) can still change a class key policy', async () => {
    const cfn: ModelRole = {
      ...onboarding, name: `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`,
      arn: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`,
      identityPolicies: [
        { name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
      ],
      boundary: undefined,
    };
    expect(await decide(model, cfn, { action: 'kms:PutKeyPolicy', resource: platformKeys()[0] })).toBe('Allowed');
  });
});

describe('tenant keys created by onboarding', () => {
  test('CreateKey\'s lockout check passes on the key policy alone: the policy lets onboarding change it later', async () => {
    // No identity policy at all: only the key policy can allow the later PutKeyPolicy.
    const bare: ModelRole = { ...onboarding, identityPolicies: [], boundary: undefined };
    expect(await decide(model, bare, { action: 'kms:PutKeyPolicy', resource: TENANT_KEY, resourcePolicy: acmeKeyPolicy() })).toBe(
      'Allowed',
    );
  });

  test('onboarding administers the key it has just created (no alias yet)', async () => {
    for (const action of ['kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:ScheduleKeyDeletion']) {
      expect(await decide(model, onboarding, { action, resource: TENANT_KEY, resourcePolicy: acmeKeyPolicy(), context: TENANT_TAGS })).toBe(
        'Allowed',
      );
    }
  });

  test('onboarding cannot administer an existing tenant key (one with its alias)', async () => {
    const aliased = { ...TENANT_TAGS, 'kms:ResourceAliases': ['alias/steward/eu/tenant/acme'] };
    for (const action of ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:TagResource', 'kms:UntagResource']) {
      expect(await decide(model, onboarding, { action, resource: TENANT_KEY, resourcePolicy: acmeKeyPolicy(), context: aliased })).toBe(
        'ExplicitlyDenied',
      );
    }
  });

  test("the shred step, in a session tagged with the tenant, may disable and schedule deletion of the tenant's key only", async () => {
    const aliased = { ...TENANT_TAGS, 'kms:ResourceAliases': ['alias/steward/eu/tenant/acme'] };
    const asAcme = { ...aliased, [`aws:PrincipalTag/${TAG.tenant}`]: 'acme' };
    for (const action of ['kms:DisableKey', 'kms:ScheduleKeyDeletion']) {
      expect(await decide(model, shred, { action, resource: TENANT_KEY, resourcePolicy: acmeKeyPolicy(), context: asAcme })).toBe(
        'Allowed',
      );
      // the same session on a neighbour's key, and the step's own role without a session
      expect(
        await decide(model, shred, {
          action,
          resource: TENANT_KEY,
          resourcePolicy: acmeKeyPolicy(),
          context: { ...aliased, [`aws:PrincipalTag/${TAG.tenant}`]: 'globex' },
        }),
      ).not.toBe('Allowed');
      expect(await decide(model, shredStep, { action, resource: TENANT_KEY, resourcePolicy: acmeKeyPolicy(), context: aliased })).not.toBe(
        'Allowed',
      );
    }
    for (const action of ['kms:PutKeyPolicy', 'kms:TagResource']) {
      expect(await decide(model, shred, { action, resource: TENANT_KEY, resourcePolicy: acmeKeyPolicy(), context: asAcme })).not.toBe(
        'Allowed',
      );
    }
  });
});

describe('termination patterns are no wider than declared', () => {
  let purge: ModelRole;
  // The purge step deletes in a session tagged with the tenant it purges.
  beforeAll(() => { purge = roleOf(model, LIFECYCLE, 'TenantTerminationWorkflowPurgeBucketSessionRole'); });
  const bucket = (cls: string) => `arn:aws:s3:::steward-eu-${cls}-${ACCOUNT}-${REGION}`;
  const asAcme = { [`aws:PrincipalTag/${TAG.tenant}`]: 'acme' };
  const remove = (resource: string) => decide(model, purge, { action: 's3:DeleteObjectVersion', resource, context: asAcme });

  test('purge deletes tenant versions in tenant-data buckets only, not in the access-log or receipt buckets', async () => {
    expect(await remove(`${bucket('device-logs')}/tenants/acme/a.log`)).toBe('Allowed');
    for (const cls of ['storage-access-logs', 'audit-receipts']) {
      expect(await remove(`${bucket(cls)}/tenants/acme/a.log`)).not.toBe('Allowed');
    }
  });

  test('a listing may cover the session\'s tenant, never another tenant or every tenant at once', async () => {
    const list = (prefix: string) =>
      decide(model, purge, {
        action: 's3:ListBucketVersions', resource: bucket('device-logs'), context: { ...asAcme, 's3:prefix': prefix },
      });
    expect(await list('tenants/acme/')).toBe('Allowed');
    expect(await list('tenants/globex/')).not.toBe('Allowed');
    expect(await list('tenants/')).not.toBe('Allowed');
    expect(await list('tenants')).not.toBe('Allowed');
  });

  test('the trigger\'s ListStreams grant matches the request Lambda makes', async () => {
    const trigger = roleOf(model, LIFECYCLE, 'TenantTerminationWorkflowtriggerRole');
    expect(await decide(model, trigger, { action: 'dynamodb:ListStreams', resource: '*' })).toBe('Allowed');
  });
});
