import { ACCOUNT, decide, type IamModel, type ModelRole, type PolicyDoc } from '../support/iam-model';
import { arnOf, defaultAppIamModel, roleOf } from '../support/iam-app';
import { CALL_SPECS, type Jurisdiction, type SpecContext } from './handler-calls';
import { TAG } from '../../lib/vocabulary';

/**
 * The data perimeter evaluated offline (issue 11, point 5): each VPC endpoint's policy, as
 * synthesized, with the identity, boundary and resource policies of the caller. Every call a
 * handler makes in its own region through an endpoint is allowed; a call to another account's
 * resource, or with another account's credentials, is denied by the endpoint whatever IAM allows.
 */

const TENANT = 'acme';
const OTHER_ACCOUNT = '999999999999';
let model: IamModel;
let ctx: SpecContext;
let jurisdictions: Jurisdiction[];

beforeAll(() => {
  model = defaultAppIamModel();
  jurisdictions = ['eu', 'us'].map((id) => ({
    id, primary: model.stackRegions[`steward-${id}-data`], replica: model.stackRegions[`steward-${id}-replica`],
  }));
  ctx = {
    model,
    roleOf: (j, stack, prefix) => roleOf(model, `steward-${j.id}-${stack}`, prefix),
    arnOf: (j, stack, prefix) => arnOf(model, `steward-${j.id}-${stack}`, prefix),
  };
});

/** The endpoint of a jurisdiction's VPC that serves an action's service (`s3:PutObject` -> the S3 gateway endpoint). */
function endpointFor(j: Jurisdiction, action: string): PolicyDoc | undefined {
  const names: Record<string, string> = {
    s3: 'S3', dynamodb: 'DynamoDb', kms: 'Kms', sts: 'Sts', states: 'StepFunctions', 'cognito-idp': 'CognitoIdp', logs: 'Logs',
  };
  const name = names[action.split(':')[0]];
  if (!name) return undefined;
  const id = new RegExp(`^steward-${j.id}-network/Vpc${name}[0-9A-F]{8}$`);
  const found = [...model.endpointPolicies.entries()].filter(([k]) => id.test(k));
  if (found.length !== 1) throw new Error(`${j.id}: ${found.length} endpoints named ${name}`);
  return found[0][1];
}

/** A role that IAM lets do anything: what the endpoint alone refuses is then visible. */
const ADMIN: ModelRole = {
  stack: 'test', logicalId: 'Admin', arn: `arn:aws:iam::${ACCOUNT}:role/admin`, name: 'admin', description: '', region: 'eu-central-1',
  trust: { Statement: [] }, environment: {},
  identityPolicies: [{ name: 'admin', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
};

describe('the VPC endpoint policies (P-TENANT-ISOLATION data perimeter)', () => {
  test('allow every call the handlers make in their own region through an endpoint', async () => {
    const denied: string[] = [];
    let allowed = 0;
    for (const j of jurisdictions) {
      for (const spec of CALL_SPECS.filter((s) => s.handler !== undefined)) {
        const role = ctx.roleOf(j, spec.stack, spec.role);
        const session = spec.session ? { [`aws:PrincipalTag/${TAG.tenant}`]: TENANT } : {};
        for (const call of spec.calls(j, TENANT, ctx)) {
          // KMS calls S3 and DynamoDB make for the caller go from those services, not through the endpoint.
          const region = call.region ?? call.resource.split(':')[3] ?? j.primary;
          if (call.context?.['kms:ViaService'] || (region !== '' && region !== j.primary)) continue;
          const endpointPolicy = endpointFor(j, call.action);
          if (!endpointPolicy) continue;
          const decision = await decide(model, role, { ...call, endpointPolicy, context: { ...session, ...(call.context ?? {}) } });
          if (decision === 'Allowed') allowed += 1;
          else denied.push(`${j.id} ${spec.role} ${call.action} ${call.resource} → ${decision}`);
        }
      }
    }
    expect(denied).toEqual([]);
    expect(allowed).toBeGreaterThan(150);
  });

  const REQUESTS = (j: Jurisdiction) => [
    {
      action: 's3:PutObject',
      own: `arn:aws:s3:::steward-${j.id}-exports-${ACCOUNT}-${j.primary}/tenants/acme/a`, other: 'arn:aws:s3:::attacker-drop/a',
    },
    {
      action: 'dynamodb:GetItem',
      own: `arn:aws:dynamodb:${j.primary}:${ACCOUNT}:table/t`, other: `arn:aws:dynamodb:${j.primary}:${OTHER_ACCOUNT}:table/t`,
    },
    { action: 'kms:Decrypt', own: `arn:aws:kms:${j.primary}:${ACCOUNT}:key/k`, other: `arn:aws:kms:${j.primary}:${OTHER_ACCOUNT}:key/k` },
    { action: 'sts:AssumeRole', own: `arn:aws:iam::${ACCOUNT}:role/r`, other: `arn:aws:iam::${OTHER_ACCOUNT}:role/r` },
    {
      action: 'states:StartExecution',
      own: `arn:aws:states:${j.primary}:${ACCOUNT}:stateMachine:m`, other: `arn:aws:states:${j.primary}:${OTHER_ACCOUNT}:stateMachine:m`,
    },
    {
      action: 'cognito-idp:ListUsers',
      own: `arn:aws:cognito-idp:${j.primary}:${ACCOUNT}:userpool/p`, other: `arn:aws:cognito-idp:${j.primary}:${OTHER_ACCOUNT}:userpool/p`,
    },
  ];
  // The resource's own policy lets everyone in, so only the endpoint's policy can refuse.
  const OPEN: PolicyDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
  const through = (j: Jurisdiction, action: string, resource: string, more: Record<string, string> = {}) =>
    decide(model, ADMIN, { action, resource, region: j.primary, endpointPolicy: endpointFor(j, action), resourcePolicy: OPEN, ...more });

  test('deny a call to another account\'s bucket, table, key, role, state machine or user pool, which the own one allows', async () => {
    for (const j of jurisdictions) {
      for (const r of REQUESTS(j)) {
        expect([r.action, await through(j, r.action, r.own)]).toEqual([r.action, 'Allowed']);
        expect([r.action, await through(j, r.action, r.other, { resourceAccount: OTHER_ACCOUNT })]).toEqual([r.action, 'ImplicitlyDenied']);
      }
    }
  });

  test('deny the own resources to credentials of another account brought into the VPC', async () => {
    for (const j of jurisdictions) {
      for (const r of REQUESTS(j)) {
        expect([r.action, await through(j, r.action, r.own, { principalAccount: OTHER_ACCOUNT })]).toEqual([r.action, 'ImplicitlyDenied']);
      }
    }
  });

  test('S3: only the platform\'s buckets, and only reads of the AWS-owned package buckets', async () => {
    const [eu] = jurisdictions;
    const repo = `arn:aws:s3:::al2023-repos-${eu.primary}-de612dc2/core/mirrors/repomd.xml`;
    expect(await through(eu, 's3:GetObject', repo, { resourceAccount: OTHER_ACCOUNT })).toBe('Allowed');
    expect(await through(eu, 's3:PutObject', repo, { resourceAccount: OTHER_ACCOUNT })).toBe('ImplicitlyDenied');
    // A bucket of the own account outside the platform's names, and one of the other jurisdiction.
    expect(await through(eu, 's3:PutObject', `arn:aws:s3:::scratch-${ACCOUNT}/a`)).toBe('ImplicitlyDenied');
    expect(await through(eu, 's3:PutObject', `arn:aws:s3:::steward-us-exports-${ACCOUNT}-us-east-1/a`)).toBe('ImplicitlyDenied');
  });
});
