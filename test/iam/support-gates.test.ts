import { gatePolicy } from '../../lambda/shared/support-gate';
import type { SupportGrant } from '../../lambda/shared/support-grants';
import { decide, type IamModel, type ModelRole, type PolicyDoc } from '../support/iam-model';
import { arnOf, defaultAppIamModel, roleOf } from '../support/iam-app';
import { TAG } from '../../lib/vocabulary';

/**
 * P-SUPPORT-CONSENT enforced by IAM, not only by the broker's code: the support role's sessions
 * are judged with the role's policies as the consent handler leaves them (one gate per grant,
 * built by the handler's own gatePolicy) and the role's boundary, the way AWS evaluates an
 * already issued session against the role's current policies.
 */

const ACME = 'acme';
const GLOBEX = 'globex';
let model: IamModel;
let support: ModelRole;
let stores: { object: (tenant: string) => string; bucket: string; table: string };

beforeAll(() => {
  model = defaultAppIamModel();
  support = roleOf(model, 'steward-eu-data-rights', 'SupportConsentSupportRole');
  const bucket = 'arn:aws:s3:::steward-eu-device-logs-123456789012-eu-central-1';
  stores = {
    bucket,
    object: (t) => `${bucket}/tenants/${t}/2026/12/01/a.log`,
    table: arnOf(model, 'steward-eu-data', 'devicemetadataTable'),
  };
});

const grant = (tenantId: string, grantedAt: string, hours = 2): SupportGrant => ({
  tenantId, grantId: `g-${grantedAt}`, grantedAt, expiresAt: Date.parse(grantedAt) / 1000 + hours * 3600,
});

/** The support role with the gates the consent handler would have written for `grants`. */
const asWritten = (g: SupportGrant) => JSON.parse(gatePolicy(g)) as PolicyDoc;
function withGates(grants: SupportGrant[], gate: (g: SupportGrant) => PolicyDoc = asWritten): ModelRole {
  return { ...support, identityPolicies: [...support.identityPolicies, ...grants.map((g, i) => ({ name: `gate-${i}`, policy: gate(g) }))] };
}

/** A session of the support role tagged for `tenant`, issued at `issued`, calling at `now`. */
const session = (tenant: string, issued: string, now: string) => ({
  [`aws:PrincipalTag/${TAG.tenant}`]: tenant, 'aws:TokenIssueTime': issued, 'aws:CurrentTime': now,
});

/** What support reads of a tenant: an object, its prefix, its partition. */
const reads = (tenant: string): { action: string; resource: string; context?: Record<string, string | string[]> }[] => [
  { action: 's3:GetObject', resource: stores.object(tenant) },
  { action: 's3:ListBucket', resource: stores.bucket, context: { 's3:prefix': `tenants/${tenant}/` } },
  { action: 'dynamodb:Query', resource: stores.table, context: { 'dynamodb:LeadingKeys': [tenant] } },
];

async function decisions(role: ModelRole, tenant: string, context: Record<string, string>, target = tenant): Promise<string[]> {
  const out: string[] = [];
  for (const r of reads(target)) out.push(await decide(model, role, { ...r, context: { ...context, ...(r.context ?? {}) } }));
  return out;
}

const ALLOWED = ['Allowed', 'Allowed', 'Allowed'];
const notAllowed = (d: string[]) => d.every((x) => x !== 'Allowed');

describe('support sessions need the tenant\'s grant in IAM (issue 11 point 3)', () => {
  test('a session the broker mints for a tenant that granted nothing reads nothing', async () => {
    const d = await decisions(support, ACME, session(ACME, '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z'));
    expect(notAllowed(d)).toBe(true);
    // Another tenant's grant does not open it either.
    const othersGate = withGates([grant(GLOBEX, '2026-12-01T09:00:00.000Z')]);
    expect(notAllowed(await decisions(othersGate, ACME, session(ACME, '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z')))).toBe(true);
  });

  test('with the tenant\'s gate, a session issued during the grant reads that tenant, and only while the grant lasts', async () => {
    const role = withGates([grant(ACME, '2026-12-01T09:00:00.000Z')]);
    expect(await decisions(role, ACME, session(ACME, '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z'))).toEqual(ALLOWED);
    // The grant's end stops the session, whatever STS's session lifetime.
    expect(notAllowed(await decisions(role, ACME, session(ACME, '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z')))).toBe(true);
    // The boundary still scopes the session to its own tenant.
    expect(notAllowed(await decisions(role, ACME, session(ACME, '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z'), GLOBEX))).toBe(true);
  });

  test('the gate allows nothing beyond the boundary: no write, no IAM, no new session', async () => {
    const role = withGates([grant(ACME, '2026-12-01T09:00:00.000Z')]);
    const ctx = session(ACME, '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z');
    for (const req of [
      { action: 's3:PutObject', resource: stores.object(ACME) },
      { action: 's3:DeleteObjectVersion', resource: stores.object(ACME) },
      { action: 'dynamodb:PutItem', resource: stores.table, context: { 'dynamodb:LeadingKeys': [ACME] } },
      { action: 'iam:PutRolePolicy', resource: support.arn, region: 'us-east-1' },
      { action: 'sts:AssumeRole', resource: support.arn, region: 'us-east-1' },
    ]) {
      const decision = await decide(model, role, { ...req, context: { ...ctx, ...(req.context ?? {}) } });
      expect([req.action, decision]).toEqual([req.action, 'ImplicitlyDenied']);
    }
  });
});

describe('revocation ends issued sessions at once (issue 13 point 6)', () => {
  const before = session(ACME, '2026-12-01T09:30:00Z', '2026-12-01T10:10:00Z');

  test('a session issued before the revocation is denied, also after a re-grant; one issued after the re-grant is allowed', async () => {
    const first = grant(ACME, '2026-12-01T09:00:00.000Z');
    expect(await decisions(withGates([first]), ACME, before)).toEqual(ALLOWED);
    // Revoked at 10:00: the gate is gone, so the session issued at 09:30 is denied at once.
    expect(notAllowed(await decisions(withGates([]), ACME, before))).toBe(true);
    // Re-granted at 10:05: the old session stays denied; a new one works.
    const regrant = grant(ACME, '2026-12-01T10:05:00.000Z');
    expect(notAllowed(await decisions(withGates([regrant]), ACME, before))).toBe(true);
    expect(await decisions(withGates([regrant]), ACME, session(ACME, '2026-12-01T10:06:00Z', '2026-12-01T10:10:00Z'))).toEqual(ALLOWED);
  });

  test('planted bug: a gate without the issue-time condition lets the pre-revocation session back in', async () => {
    const loose = (g: SupportGrant) => {
      const doc = JSON.parse(gatePolicy(g)) as PolicyDoc;
      delete (doc.Statement[0].Condition as Record<string, unknown>).DateGreaterThanEquals;
      return doc;
    };
    expect(await decisions(withGates([grant(ACME, '2026-12-01T10:05:00.000Z')], loose), ACME, before)).toEqual(ALLOWED);
  });
});

describe('who may open a gate', () => {
  const gateCall = (role: string) => ({ action: 'iam:PutRolePolicy', resource: role, region: 'us-east-1' });

  test('the consent handler may keep the support role\'s gates, and no other role\'s policies', async () => {
    const consent = roleOf(model, 'steward-eu-data-rights', 'SupportConsentRole');
    expect(await decide(model, consent, gateCall(support.arn))).toBe('Allowed');
    const broker = roleOf(model, 'steward-eu-data-rights', 'SupportConsentBrokerRole');
    expect(await decide(model, consent, gateCall(broker.arn))).not.toBe('Allowed');
    const otherJurisdiction = roleOf(model, 'steward-us-data-rights', 'SupportConsentSupportRole');
    expect(await decide(model, consent, gateCall(otherJurisdiction.arn))).not.toBe('Allowed');
  });

  const WRITES = [
    'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy',
    'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary',
  ];

  test('no other role of the app may write the support role\'s policies, the broker included', async () => {
    const writers: string[] = [];
    for (const role of model.roles) {
      for (const action of WRITES) {
        const decision = await decide(model, role, { action, resource: support.arn, region: 'us-east-1' });
        if (decision === 'Allowed') writers.push(`${role.logicalId} ${action}`);
      }
    }
    expect(writers).toEqual([expect.stringMatching(/^SupportConsentRole[0-9A-F]{8} iam:PutRolePolicy$/)]);
  });
});
