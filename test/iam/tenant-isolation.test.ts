import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gatePolicy } from '../../lambda/shared/support-gate';
import { ACCOUNT, decide, type IamModel, type ModelRole, type PolicyDoc } from '../support/iam-model';
import { arnOf, defaultAppIamModel, roleOf } from '../support/iam-app';
import { CODE_ONLY_ISOLATION } from '../../lib/nag/code-only-isolation';
import { sdkCommandsOf } from '../support/sdk-calls';
import {
  CALL_SPECS, platformCallsOfLambdaRole, tenantKeyArn, tenantKeyPolicyOf,
  type Call, type CallSpec, type Jurisdiction, type SpecContext,
} from './handler-calls';
import { TAG } from '../../lib/vocabulary';

/**
 * P-TENANT-ISOLATION, P-RESIDENCY: an offline IAM evaluation (@cloud-copilot/iam-simulate) of the
 * synthesized templates. Each role is judged with its identity policies, its permissions boundary
 * and the resource's policy (bucket, key, trust), as AWS would:
 *   (a) every call each handler's code makes (commands found in the code, see sdk-calls.ts), with
 *       the KMS calls S3 and DynamoDB make for it and the platform's calls, is allowed;
 *   (b) the same calls in another jurisdiction, or with another tenant's key, are denied; calls on
 *       another tenant's data are denied wherever the role works in a tenant-tagged session, and
 *       the rest are listed as isolated by code only;
 *   (c) planted policy bugs make (a) or (b) fail.
 */

const TENANT = 'acme';
const OTHER_TENANT = 'globex';
/** The gate the consent handler writes when TENANT grants 09:00-11:00, and a session issued under it. */
const GRANTED_GATE = {
  name: 'gate',
  policy: JSON.parse(
    gatePolicy({ tenantId: TENANT, grantedAt: '2026-12-01T09:00:00.000Z', expiresAt: Date.parse('2026-12-01T11:00:00Z') / 1000 }),
  ) as PolicyDoc,
};
const GRANTED_SESSION = {
  [`aws:PrincipalTag/${TAG.tenant}`]: TENANT, 'aws:TokenIssueTime': '2026-12-01T10:00:00Z', 'aws:CurrentTime': '2026-12-01T10:05:00Z',
};
let model: IamModel;
let ctx: SpecContext;
let jurisdictions: Jurisdiction[];

beforeAll(() => {
  model = defaultAppIamModel();
  jurisdictions = Object.keys(model.stackRegions)
    .filter((s) => s.endsWith('-data') && !s.endsWith('-data-rights'))
    .map((s) => {
      const id = s.replace(/^steward-/, '').replace(/-data$/, '');
      return { id, primary: model.stackRegions[s], replica: model.stackRegions[`steward-${id}-replica`] };
    });
  ctx = contextOf(model);
});

function contextOf(m: IamModel): SpecContext {
  return {
    model: m,
    roleOf: (j, stack, prefix) => roleOf(m, `steward-${j.id}-${stack}`, prefix),
    arnOf: (j, stack, prefix) => arnOf(m, `steward-${j.id}-${stack}`, prefix),
  };
}

const HANDLERS = readdirSync(join(__dirname, '..', '..', 'lambda')).filter((d) => d !== 'shared');

interface Outcome { readonly label: string; readonly decision: string }

/** The tag a tenant-scoped session carries when it serves `tenant`; nothing for the handlers' own roles. */
function sessionOf(spec: CallSpec, tenant: string): Record<string, string> {
  return spec.session ? { [`aws:PrincipalTag/${TAG.tenant}`]: tenant } : {};
}

async function evaluate(
  c: SpecContext,
  role: ModelRole,
  calls: Call[],
  label: string,
  extra: Record<string, string> = {},
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const call of calls) {
    const decision = await decide(c.model, role, { ...call, context: { ...extra, ...(call.context ?? {}) } });
    out.push({ label: `${label} ${call.action} ${call.resource}`, decision });
  }
  return out;
}

/** (a): every call of every spec in every jurisdiction; returns the ones not allowed. */
async function deniedNeededCalls(c: SpecContext, specs: CallSpec[] = CALL_SPECS): Promise<{ denied: string[]; allowed: number }> {
  const denied: string[] = [];
  let allowed = 0;
  for (const j of jurisdictions) {
    for (const spec of specs) {
      const role = c.roleOf(j, spec.stack, spec.role);
      const label = `${j.id} ${spec.role} ${spec.command}:`;
      for (const o of await evaluate(c, role, spec.calls(j, TENANT, c), label, sessionOf(spec, TENANT))) {
        if (o.decision === 'Allowed') allowed += 1;
        else denied.push(`${o.label} → ${o.decision}`);
      }
    }
  }
  return { denied, allowed };
}

/** (b): the same calls of a role of one jurisdiction made on the other jurisdiction's stores. */
async function allowedAcrossJurisdictions(c: SpecContext): Promise<{ allowed: string[]; denied: number }> {
  const allowed: string[] = [];
  let denied = 0;
  for (const j of jurisdictions) {
    const other = jurisdictions.find((x) => x.id !== j.id)!;
    for (const spec of CALL_SPECS) {
      const role = c.roleOf(j, spec.stack, spec.role);
      for (const o of await evaluate(
        c,
        role,
        spec.calls(other, TENANT, c).filter((x) => x.resource !== '*' || x.region),
        `${j.id}→${other.id} ${spec.role}:`,
        sessionOf(spec, TENANT),
      )) {
        if (o.decision === 'Allowed') allowed.push(o.label);
        else denied += 1;
      }
    }
  }
  return { allowed, denied };
}

/** (b): calls that use a tenant key, made with another tenant's key (and the first tenant's context). */
async function allowedWithOtherTenantsKey(c: SpecContext): Promise<{ allowed: string[]; denied: number }> {
  const allowed: string[] = [];
  let denied = 0;
  for (const j of jurisdictions) {
    for (const spec of CALL_SPECS) {
      const role = c.roleOf(j, spec.stack, spec.role);
      const swapped = spec.calls(j, TENANT, c).filter((x) => x.tenantKey && x.action !== 'kms:DescribeKey').map((x) => ({
        ...x,
        resource: tenantKeyArn(j, OTHER_TENANT),
        resourcePolicy: tenantKeyPolicyOf(c, j, OTHER_TENANT),
        context: { ...x.context, [`aws:ResourceTag/${TAG.tenant}`]: OTHER_TENANT },
      }));
      const label = `${j.id} ${spec.role} ${spec.command} with ${OTHER_TENANT}'s key:`;
      for (const o of await evaluate(c, role, swapped, label, sessionOf(spec, TENANT))) {
        if (o.decision === 'Allowed') allowed.push(o.label);
        else denied += 1;
      }
    }
  }
  return { allowed, denied };
}

const HISTORY_CONTEXT = 'kms:EncryptionContext:aws:states:stateMachineArn';

/**
 * (b): every use of a workflow's history key made under another state machine's encryption
 * context (another state machine of the jurisdiction, or one of this name in another account).
 * Returns the allowed ones, and `<role> <command>` of each spec that uses a history key.
 */
async function allowedForOtherWorkflows(c: SpecContext): Promise<{ allowed: string[]; denied: number; users: Set<string> }> {
  const allowed: string[] = [];
  const users = new Set<string>();
  let denied = 0;
  for (const j of jurisdictions) {
    for (const spec of CALL_SPECS) {
      const role = c.roleOf(j, spec.stack, spec.role);
      const own = spec.calls(j, TENANT, c).filter((x) => typeof x.context?.[HISTORY_CONTEXT] === 'string');
      if (own.length > 0) users.add(`${spec.role} ${spec.command}`);
      const swapped = own.flatMap((x) => {
        const arn = x.context![HISTORY_CONTEXT] as string;
        return [`${arn.replace(/:stateMachine:.*$/, ':stateMachine:')}another-workflow`, arn.replace(`:${ACCOUNT}:`, ':444455556666:')]
          .map((other) => ({ ...x, context: { ...x.context, [HISTORY_CONTEXT]: other } }));
      });
      const label = `${j.id} ${spec.role} ${spec.command} for another workflow:`;
      for (const o of await evaluate(c, role, swapped, label, sessionOf(spec, TENANT))) {
        if (o.decision === 'Allowed') allowed.push(o.label);
        else denied += 1;
      }
    }
  }
  return { allowed, denied, users };
}

/**
 * (b): a role working for one tenant, calling on another tenant's data. Only roles that work in a
 * session tagged with the tenant can be refused by IAM; the session tags below are what such a
 * session carries. Returns `<role> <command>` for each spec with a cross-tenant call allowed.
 */
async function crossTenantAllowed(c: SpecContext): Promise<{ allowed: Set<string>; denied: number }> {
  const allowed = new Set<string>();
  let denied = 0;
  const session = { [`aws:PrincipalTag/${TAG.tenant}`]: TENANT };
  for (const j of jurisdictions) {
    for (const spec of CALL_SPECS) {
      const role = c.roleOf(j, spec.stack, spec.role);
      const calls = spec.calls(j, OTHER_TENANT, c).filter((x) => x.tenant === OTHER_TENANT && !x.tenantKey);
      for (const o of await evaluate(c, role, calls, '', session)) {
        if (o.decision === 'Allowed') allowed.add(`${spec.role} ${spec.command}`);
        else denied += 1;
      }
    }
  }
  return { allowed, denied };
}

/**
 * Calls on tenant data whose tenant only the handler's code chooses, each with why IAM cannot
 * choose it: every other per-tenant call is made in a session tagged with the tenant. The map is
 * exact, so a new cross-tenant path fails the suite and a closed one must be removed from it; the
 * security summary lists the same pairs (lib/nag/code-only-isolation.ts).
 */
const ISOLATED_BY_CODE_ONLY: Record<string, string> = Object.fromEntries(
  CODE_ONLY_ISOLATION.flatMap((c) => c.pairs.map((pair) => [pair, c.reason])),
);

describe('(a) every call each handler makes is allowed', () => {
  test('the suite simulates every AWS SDK command each handler\'s code sends, and no command the code no longer sends', () => {
    const problems: string[] = [];
    for (const handler of HANDLERS) {
      const used = sdkCommandsOf(handler);
      const simulated = new Set(CALL_SPECS.filter((s) => s.handler === handler).map((s) => s.command));
      for (const c of used) if (!simulated.has(c)) problems.push(`${handler}: sends ${c}, which the suite does not simulate`);
      for (const c of simulated) if (!used.has(c)) problems.push(`${handler}: the suite simulates ${c}, which the code no longer sends`);
    }
    expect(problems).toEqual([]);
  });

  test('every needed call, including KMS on the stores\' behalf, replication and Step Functions, is allowed', async () => {
    const { denied, allowed } = await deniedNeededCalls(ctx);
    expect(denied).toEqual([]);
    expect(allowed).toBeGreaterThan(300);
    console.log(`IAM suite: ${allowed} needed calls allowed`);
  });

  test('every Lambda role may write its logs, traces and dead letters', async () => {
    const denied: string[] = [];
    for (const j of jurisdictions) {
      const lambdaRoles = model.roles.filter(
        (r) =>
          r.stack.startsWith(`steward-${j.id}-`) &&
          r.trust.Statement.some((s) => JSON.stringify(s.Principal).includes('lambda.amazonaws.com')) &&
          r.description.startsWith('Runs '),
      );
      expect(lambdaRoles.length).toBeGreaterThan(10);
      for (const role of lambdaRoles) {
        for (const o of await evaluate(ctx, role, platformCallsOfLambdaRole(role, ctx, j), role.logicalId))
          if (o.decision !== 'Allowed') denied.push(`${o.label} → ${o.decision}`);
      }
    }
    expect(denied).toEqual([]);
  });
});

describe('(b) the same calls for another jurisdiction, another tenant\'s key or another tenant', () => {
  test('no role reaches the other jurisdiction\'s stores (P-RESIDENCY)', async () => {
    const { allowed, denied } = await allowedAcrossJurisdictions(ctx);
    expect(allowed).toEqual([]);
    expect(denied).toBeGreaterThan(300);
    console.log(`IAM suite: ${denied} cross-jurisdiction calls denied`);
  });

  test('no role can use another tenant\'s key for a tenant\'s objects', async () => {
    const { allowed, denied } = await allowedWithOtherTenantsKey(ctx);
    expect(allowed).toEqual([]);
    expect(denied).toBeGreaterThan(20);
    console.log(`IAM suite: ${denied} other-tenant-key calls denied`);
  });

  test('a workflow\'s history key serves its own state machine only: under another one\'s context every use is denied', async () => {
    const { allowed, denied, users } = await allowedForOtherWorkflows(ctx);
    expect(allowed).toEqual([]);
    // Every principal that uses a history key, so a new one is judged here too.
    expect([...users].sort()).toEqual([
      'DataSubjectRequestsHandlerRole sfn:DescribeExecutionCommand',
      'DataSubjectRequestsHandlerRole sfn:StartExecutionCommand',
      'DataSubjectRequestsWorkflowStateMachineRole platform:step-functions-runs-workflow',
      'TenantExportHandlerRole sfn:DescribeExecutionCommand',
      'TenantExportHandlerRole sfn:StartExecutionCommand',
      'TenantExportWorkflowStateMachineRole platform:step-functions-runs-workflow',
      'TenantTerminationWorkflowStateMachineRole platform:step-functions-runs-termination',
      'TenantTerminationWorkflowtriggerRole sfn:StartExecutionCommand',
    ]);
    expect(denied).toBeGreaterThan(0);
  });

  test('a support session tagged for one tenant reads nothing of another tenant', async () => {
    for (const j of jurisdictions) {
      // With the gate the consent handler writes when the tenant grants (see support-gates.test.ts).
      const bare = ctx.roleOf(j, 'data-rights', 'SupportConsentSupportRole');
      const support = { ...bare, identityPolicies: [...bare.identityPolicies, GRANTED_GATE] };
      const session = GRANTED_SESSION;
      const read = (tenant: string): Call[] => [
        { action: 's3:GetObject', resource: `arn:aws:s3:::steward-${j.id}-device-logs-123456789012-${j.primary}/tenants/${tenant}/a.log` },
        {
          action: 's3:ListBucket',
          resource: `arn:aws:s3:::steward-${j.id}-device-logs-123456789012-${j.primary}`,
          context: { 's3:prefix': `tenants/${tenant}/` },
        },
        { action: 'dynamodb:Query', resource: ctx.arnOf(j, 'data', 'devicemetadataTable'), context: { 'dynamodb:LeadingKeys': [tenant] } },
      ];
      expect((await evaluate(ctx, support, read(TENANT), '', session)).map((o) => o.decision)).toEqual(['Allowed', 'Allowed', 'Allowed']);
      expect((await evaluate(ctx, support, read(OTHER_TENANT), '', session)).map((o) => o.decision)).not.toContain('Allowed');
    }
  });

  test('calls on another tenant\'s data are allowed only where the code alone chooses the tenant, exactly as listed', async () => {
    const { allowed, denied } = await crossTenantAllowed(ctx);
    expect([...allowed].sort()).toEqual(Object.keys(ISOLATED_BY_CODE_ONLY).sort());
    console.log(`IAM suite: ${denied} cross-tenant calls denied; ${allowed.size} (role, command) pairs isolated by code only`);
  });
});

describe('(c) planted policy bugs make the suite fail', () => {
  /** A copy of the model with one role's identity policies rewritten. */
  function withRolePolicies(m: IamModel, prefix: string, rewrite: (docs: PolicyDoc[]) => PolicyDoc[]): IamModel {
    return {
      ...m,
      roles: m.roles.map((r) =>
        r.logicalId.startsWith(prefix)
          ? {
              ...r,
              identityPolicies: rewrite(r.identityPolicies.map((p) => p.policy)).map((policy, i) => ({ name: `planted-${i}`, policy })),
            }
          : r,
      ),
    };
  }
  const dropStatement = (sid: string) => (docs: PolicyDoc[]) =>
    docs.map((d) => ({ ...d, Statement: d.Statement.filter((s) => s.Sid !== sid) }));

  test('a purge session without its delete grant fails (a)', async () => {
    const purge = 'TenantTerminationWorkflowPurgeBucketSessionRole';
    const broken = contextOf(withRolePolicies(model, purge, dropStatement('DeleteTenantVersions')));
    const { denied } = await deniedNeededCalls(broken, CALL_SPECS.filter((s) => s.role === purge));
    expect(denied.some((d) => d.includes('s3:DeleteObjectVersion'))).toBe(true);
  });

  test('a termination state machine whose history grant drops its context condition fails (b) for another workflow', async () => {
    const role = 'TenantTerminationWorkflowStateMachineRole';
    const unconditioned = (st: Record<string, unknown>) => {
      const copy = { ...st };
      if (st.Sid === 'UseOwnHistoryKey') delete copy.Condition;
      return copy;
    };
    const broken = contextOf(withRolePolicies(model, role, (docs) =>
      docs.map((d) => ({ ...d, Statement: d.Statement.map(unconditioned) }))));
    const { allowed } = await allowedForOtherWorkflows(broken);
    expect(allowed.some((a) => a.includes(`${role} platform:step-functions-runs-termination`))).toBe(true);
  });

  test('an export session granted every bucket in every region fails (b) across jurisdictions', async () => {
    const everything = { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] };
    const broken = withRolePolicies(model, 'TenantExportSessionRole', (docs) => [
      ...docs,
      { Version: '2012-10-17', Statement: [everything] },
    ]);
    // The boundary caps regions, so a bucket grant alone must not reach the other jurisdiction...
    const capped = await allowedAcrossJurisdictions(contextOf(broken));
    // ...unless the boundary is dropped too.
    const unbounded = {
      ...broken,
      roles: broken.roles.map((r) => (r.logicalId.startsWith('TenantExportSessionRole') ? { ...r, boundary: undefined } : r)),
    };
    const leaked = await allowedAcrossJurisdictions(contextOf(unbounded));
    expect(leaked.allowed.length).toBeGreaterThan(capped.allowed.length);
  });

  test('a tenant key policy that accepts any tenant\'s context fails (b) with another tenant\'s key', async () => {
    const loose = (doc: PolicyDoc): PolicyDoc => ({
      ...doc,
      Statement: doc.Statement.map((st) => {
        const cond = st.Condition as { StringEquals?: Record<string, string> } | undefined;
        if (!cond?.StringEquals?.['kms:EncryptionContext:tenantId']) return st;
        const { ['kms:EncryptionContext:tenantId']: _dropped, ...rest } = cond.StringEquals;
        return { ...st, Condition: { ...cond, StringEquals: rest } };
      }),
    });
    const broken: SpecContext = { ...ctx };
    const spec = CALL_SPECS.find((s) => s.role === 'OptInWriterSessionRole' && s.command === 's3:PutObjectCommand')!;
    const j = jurisdictions[0];
    const role = ctx.roleOf(j, spec.stack, spec.role);
    const withKey = (policy: (d: PolicyDoc) => PolicyDoc) => spec.calls(j, TENANT, broken).filter((x) => x.tenantKey).map((x) => ({
      ...x, resource: tenantKeyArn(j, OTHER_TENANT), resourcePolicy: policy(tenantKeyPolicyOf(ctx, j, OTHER_TENANT)),
    }));
    const decisions = async (policy: (d: PolicyDoc) => PolicyDoc) =>
      (await evaluate(ctx, role, withKey(policy), '', sessionOf(spec, TENANT))).map((o) => o.decision);
    expect(await decisions((d) => d)).not.toContain('Allowed');
    expect(await decisions(loose)).toContain('Allowed');
  });

  test('a session tagged for one tenant reaches none of another tenant\'s prefix, partition or key, unless its grants name a tenant ' +
    'instead of the session tag', async () => {
    const j = jurisdictions[0];
    const session = { [`aws:PrincipalTag/${TAG.tenant}`]: TENANT };
    const of = (command: string) => CALL_SPECS.find((s) => s.role === 'DataSubjectRequestsSessionRole' && s.command === command)!;
    // The other tenant's prefix, partition and key (with its encryption context), asked for by a session of the first.
    const neighbour = (m: IamModel): Call[] => {
      const c = contextOf(m);
      return [
        ...of('s3:GetObjectCommand').calls(j, OTHER_TENANT, c).filter((x) => x.tenant === OTHER_TENANT && !x.tenantKey),
        ...of('s3:ListObjectVersionsCommand').calls(j, OTHER_TENANT, c),
        ...of('dynamodb:UpdateCommand').calls(j, OTHER_TENANT, c).filter((x) => x.tenant === OTHER_TENANT),
        ...of('s3:PutObjectCommand').calls(j, OTHER_TENANT, c).filter((x) => x.tenantKey),
      ];
    };
    /** Whether the session reaches anything of the neighbour, per service. */
    const reach = async (m: IamModel) => {
      const role = roleOf(m, `steward-${j.id}-data-rights`, 'DataSubjectRequestsSessionRole');
      const out: Record<string, boolean> = { s3: false, dynamodb: false, kms: false };
      for (const call of neighbour(m)) {
        const decision = await decide(m, role, { ...call, context: { ...session, ...call.context } });
        if (decision === 'Allowed') out[call.action.split(':')[0]] = true;
      }
      return out;
    };
    expect(await reach(model)).toEqual({ s3: false, dynamodb: false, kms: false });
    // The planted bug: the session role's grants name a tenant instead of the session's tag.
    const named = (d: PolicyDoc) =>
      JSON.parse(JSON.stringify(d).replace(/\$\{aws:PrincipalTag\/steward:tenant\}/g, OTHER_TENANT)) as PolicyDoc;
    const planted = withRolePolicies(model, 'DataSubjectRequestsSessionRole', (docs) => docs.map(named));
    expect(await reach(planted)).toEqual({ s3: true, dynamodb: true, kms: true });
  });

  test('a session role whose trust drops its refusal of tags that are no tenant id lets a handler start such a session', async () => {
    const j = jurisdictions[0];
    const spec = CALL_SPECS.find((s) => s.role === 'TenantExportHandlerRole' && s.command === 'sts:AssumeRoleCommand')!;
    const role = ctx.roleOf(j, spec.stack, spec.role);
    const ask = (m: IamModel, tag: string) => Promise.all(spec.calls(j, tag, contextOf(m)).map((x) => decide(m, role, x)));
    for (const bad of ['ACME', 'a/b', 'ab', '-acme', 'acme-', 'a'.repeat(64), 'acme corp']) {
      expect(await ask(model, bad)).not.toContain('Allowed');
    }
    expect(await ask(model, 'acme')).toEqual(['Allowed', 'Allowed']);
    const sessionRole = roleOf(model, `steward-${j.id}-data-rights`, 'TenantExportSessionRole');
    const withoutRefusal = (r: ModelRole): ModelRole =>
      ({ ...r, trust: { ...r.trust, Statement: r.trust.Statement.filter((st) => st.Effect !== 'Deny') } });
    const loose = { ...model, roles: model.roles.map((r) => (r === sessionRole ? withoutRefusal(r) : r)) };
    expect(await ask(loose, 'ACME')).toEqual(['Allowed', 'Allowed']);
  });

  test('a support role whose boundary is not bound to the session tag fails (b) across tenants', async () => {
    const j = jurisdictions[0];
    const bare = roleOf(model, `steward-${j.id}-data-rights`, 'SupportConsentSupportRole');
    const support = {
      ...bare,
      boundary: JSON.parse(JSON.stringify(bare.boundary).replace(/\$\{aws:PrincipalTag\/steward:tenant\}/g, '*')) as PolicyDoc,
      identityPolicies: [GRANTED_GATE],
    };
    const o = await decide(model, support, {
      action: 's3:GetObject', resource: `arn:aws:s3:::steward-${j.id}-device-logs-123456789012-${j.primary}/tenants/${OTHER_TENANT}/a.log`,
      context: GRANTED_SESSION,
    });
    expect(o).toBe('Allowed');
  });
});
