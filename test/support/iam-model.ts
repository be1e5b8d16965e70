import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';

/**
 * The synthesized templates' IAM, resolved into concrete policies an offline evaluator can judge:
 * every role's identity policies and permissions boundary, every bucket, key and queue policy,
 * every trust policy. Intrinsics are resolved the way CloudFormation would, with a fixed account
 * and CloudFormation-style generated names (`<stack>-<logicalId>`), so `arn:...:role/steward-eu-*`
 * patterns match as they do after deployment.
 */

export const ACCOUNT = '123456789012';
const PARTITION = 'aws';

type Json = unknown;
interface CfnResource { Type: string; Properties?: Record<string, Json> }
interface CfnTemplate { Resources: Record<string, CfnResource>; Outputs?: Record<string, { Value: Json; Export?: { Name: Json } }> }

export interface PolicyDoc { Version?: string; Statement: Record<string, unknown>[] }

export interface ModelRole {
  readonly stack: string;
  readonly logicalId: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly region: string;
  readonly trust: PolicyDoc;
  readonly identityPolicies: { name: string; policy: PolicyDoc }[];
  readonly boundary?: PolicyDoc;
  /** Environment of the Lambda function that runs as this role, if any. */
  readonly environment: Record<string, string>;
}

export interface IamModel {
  readonly roles: ModelRole[];
  /** Resource policies by resource ARN (bucket ARN, key ARN, queue ARN). */
  readonly resourcePolicies: Map<string, PolicyDoc>;
  /** Tags of keys by key ARN (what `aws:ResourceTag/...` sees). */
  readonly keyAliases: Map<string, string[]>;
  /** Physical names and ARNs of resources, by `<stack>/<logicalId>`. */
  readonly arns: Map<string, string>;
  readonly templates: Record<string, CfnTemplate>;
  readonly stackRegions: Record<string, string>;
  /** VPC endpoint policies by `<stack>/<logicalId>` of the endpoint. */
  readonly endpointPolicies: Map<string, PolicyDoc>;
}

/** Builds the model from `{ stackName: template }` and each stack's region. */
export function buildIamModel(templates: Record<string, CfnTemplate>, stackRegions: Record<string, string>): IamModel {
  const exports = new Map<string, { stack: string; value: Json }>();
  for (const [stack, t] of Object.entries(templates)) {
    for (const out of Object.values(t.Outputs ?? {})) {
      if (out.Export) exports.set(String(resolveIn(stack, out.Export.Name)), { stack, value: out.Value });
    }
  }

  function physicalName(stack: string, logicalId: string): string {
    const r = templates[stack].Resources[logicalId];
    if (!r) throw new Error(`${stack}: no resource ${logicalId}`);
    const p = r.Properties ?? {};
    const generated = `${stack}-${logicalId}`;
    const named = (prop: string) => (p[prop] !== undefined ? String(resolveIn(stack, p[prop])) : generated);
    switch (r.Type) {
      case 'AWS::S3::Bucket': return named('BucketName').toLowerCase();
      case 'AWS::DynamoDB::GlobalTable': case 'AWS::DynamoDB::Table': return named('TableName');
      case 'AWS::IAM::Role': return named('RoleName');
      case 'AWS::IAM::ManagedPolicy': return named('ManagedPolicyName');
      case 'AWS::Lambda::Function': return named('FunctionName');
      case 'AWS::StepFunctions::StateMachine': return named('StateMachineName');
      case 'AWS::Logs::LogGroup': return named('LogGroupName');
      case 'AWS::SQS::Queue': return named('QueueName');
      case 'AWS::SNS::Topic': return named('TopicName');
      case 'AWS::KMS::Key': return `key-${logicalId}`;
      case 'AWS::Cognito::UserPool': return `${stackRegions[stack]}_${logicalId}`;
      default: return generated;
    }
  }

  function arnOf(stack: string, logicalId: string, attr = 'Arn'): string {
    const r = templates[stack].Resources[logicalId];
    const region = stackRegions[stack];
    const name = physicalName(stack, logicalId);
    switch (r.Type) {
      case 'AWS::S3::Bucket':
        if (attr === 'Arn') return `arn:${PARTITION}:s3:::${name}`;
        break;
      case 'AWS::DynamoDB::GlobalTable': case 'AWS::DynamoDB::Table':
        if (attr === 'Arn') return `arn:${PARTITION}:dynamodb:${region}:${ACCOUNT}:table/${name}`;
        if (attr === 'StreamArn') return `arn:${PARTITION}:dynamodb:${region}:${ACCOUNT}:table/${name}/stream/2026-01-01T00:00:00.000`;
        break;
      case 'AWS::IAM::Role': if (attr === 'Arn') return `arn:${PARTITION}:iam::${ACCOUNT}:role/${name}`; break;
      case 'AWS::IAM::ManagedPolicy': return `arn:${PARTITION}:iam::${ACCOUNT}:policy/${name}`;
      case 'AWS::KMS::Key': if (attr === 'Arn') return `arn:${PARTITION}:kms:${region}:${ACCOUNT}:key/${name}`; break;
      case 'AWS::Lambda::Function': if (attr === 'Arn') return `arn:${PARTITION}:lambda:${region}:${ACCOUNT}:function:${name}`; break;
      case 'AWS::StepFunctions::StateMachine':
        if (attr === 'Arn') return `arn:${PARTITION}:states:${region}:${ACCOUNT}:stateMachine:${name}`;
        if (attr === 'Name') return name;
        break;
      case 'AWS::Logs::LogGroup': if (attr === 'Arn') return `arn:${PARTITION}:logs:${region}:${ACCOUNT}:log-group:${name}:*`; break;
      case 'AWS::SQS::Queue': if (attr === 'Arn') return `arn:${PARTITION}:sqs:${region}:${ACCOUNT}:${name}`; break;
      case 'AWS::SNS::Topic': if (attr === 'TopicArn') return `arn:${PARTITION}:sns:${region}:${ACCOUNT}:${name}`; break;
      case 'AWS::Cognito::UserPool': if (attr === 'Arn') return `arn:${PARTITION}:cognito-idp:${region}:${ACCOUNT}:userpool/${name}`; break;
      case 'AWS::Lambda::Url': if (attr === 'FunctionUrl') return `https://${logicalId}.lambda-url.${region}.on.aws/`; break;
      default: break;
    }
    return `${r.Type}:${name}:${attr}`;
  }

  function refOf(stack: string, logicalId: string): string {
    const r = templates[stack].Resources[logicalId];
    if (!r) return `parameter:${logicalId}`;
    switch (r.Type) {
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::SNS::Topic':
        return arnOf(stack, logicalId, r.Type === 'AWS::SNS::Topic' ? 'TopicArn' : 'Arn');
      case 'AWS::SQS::Queue':
        return `https://sqs.${stackRegions[stack]}.amazonaws.com/${ACCOUNT}/${physicalName(stack, logicalId)}`;
      default:
        return physicalName(stack, logicalId);
    }
  }

  function resolveIn(stack: string, v: Json): Json {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map((x) => resolveIn(stack, x));
    const o = v as Record<string, Json>;
    if ('Ref' in o) {
      const ref = String(o.Ref);
      if (ref === 'AWS::Partition') return PARTITION;
      if (ref === 'AWS::AccountId') return ACCOUNT;
      if (ref === 'AWS::Region') return stackRegions[stack];
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
      if (ref === 'AWS::StackName') return stack;
      return refOf(stack, ref);
    }
    if ('Fn::GetAtt' in o) {
      const [id, attr] = o['Fn::GetAtt'] as [string, string];
      return arnOf(stack, id, attr);
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, Json[]];
      return parts.map((p) => String(resolveIn(stack, p))).join(sep);
    }
    if ('Fn::Select' in o) {
      const [i, list] = o['Fn::Select'] as [number, Json];
      return (resolveIn(stack, list) as Json[])[Number(i)];
    }
    if ('Fn::Split' in o) {
      const [sep, s] = o['Fn::Split'] as [string, Json];
      return String(resolveIn(stack, s)).split(sep);
    }
    if ('Fn::ImportValue' in o) {
      const name = String(resolveIn(stack, o['Fn::ImportValue']));
      const exp = exports.get(name);
      if (!exp) throw new Error(`${stack}: import of unknown export ${name}`);
      return resolveIn(exp.stack, exp.value);
    }
    if ('Fn::GetStackOutput' in o) {
      const { StackName, OutputName } = resolveIn(stack, o['Fn::GetStackOutput']) as { StackName: string; OutputName: string };
      const out = templates[StackName]?.Outputs?.[OutputName];
      if (!out) throw new Error(`${stack}: output ${OutputName} of ${StackName} is not in the templates`);
      return resolveIn(StackName, out.Value);
    }
    if ('Fn::Sub' in o) {
      const arg = o['Fn::Sub'];
      const [text, vars] = Array.isArray(arg) ? [String(arg[0]), arg[1] as Record<string, Json>] : [String(arg), {}];
      return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        if (name in vars) return String(resolveIn(stack, vars[name]));
        if (name.includes('.')) { const [id, attr] = name.split('.'); return arnOf(stack, id, attr); }
        return String(resolveIn(stack, { Ref: name }));
      });
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolveIn(stack, x)]));
  }

  const arns = new Map<string, string>();
  const roles: ModelRole[] = [];
  const resourcePolicies = new Map<string, PolicyDoc>();
  const keyAliases = new Map<string, string[]>();
  const managedByArn = new Map<string, PolicyDoc>();
  const attached = new Map<string, { name: string; policy: PolicyDoc }[]>(); // role key -> policies
  const endpointPolicies = new Map<string, PolicyDoc>();

  for (const [stack, t] of Object.entries(templates)) {
    for (const [id, r] of Object.entries(t.Resources)) {
      const p = r.Properties ?? {};
      const roleKeyOf = (ref: Json) => `${stack}/${String((ref as { Ref: string }).Ref)}`;
      if (r.Type === 'AWS::IAM::ManagedPolicy') {
        const doc = resolveIn(stack, p.PolicyDocument) as PolicyDoc;
        managedByArn.set(arnOf(stack, id), doc);
        for (const role of (p.Roles as Json[] | undefined) ?? []) {
          const k = roleKeyOf(role);
          attached.set(k, [...(attached.get(k) ?? []), { name: `${stack}/${id}`, policy: doc }]);
        }
      } else if (r.Type === 'AWS::IAM::Policy') {
        const doc = resolveIn(stack, p.PolicyDocument) as PolicyDoc;
        for (const role of (p.Roles as Json[] | undefined) ?? []) {
          const k = roleKeyOf(role);
          attached.set(k, [...(attached.get(k) ?? []), { name: `${stack}/${id}`, policy: doc }]);
        }
      } else if (r.Type === 'AWS::S3::BucketPolicy') {
        resourcePolicies.set(
          `arn:${PARTITION}:s3:::${String(resolveIn(stack, p.Bucket))}`,
          resolveIn(stack, p.PolicyDocument) as PolicyDoc,
        );
      } else if (r.Type === 'AWS::KMS::Key') {
        resourcePolicies.set(arnOf(stack, id), resolveIn(stack, p.KeyPolicy) as PolicyDoc);
      } else if (r.Type === 'AWS::KMS::Alias') {
        const target = String(resolveIn(stack, p.TargetKeyId));
        const keyArn = target.startsWith('arn:') ? target : `arn:${PARTITION}:kms:${stackRegions[stack]}:${ACCOUNT}:key/${target}`;
        keyAliases.set(keyArn, [...(keyAliases.get(keyArn) ?? []), String(resolveIn(stack, p.AliasName))]);
      } else if (r.Type === 'AWS::EC2::VPCEndpoint' && p.PolicyDocument !== undefined) {
        endpointPolicies.set(`${stack}/${id}`, resolveIn(stack, p.PolicyDocument) as PolicyDoc);
      } else if (r.Type === 'AWS::SQS::QueuePolicy') {
        const doc = resolveIn(stack, p.PolicyDocument) as PolicyDoc;
        for (const q of p.Queues as Json[]) {
          const url = String(resolveIn(stack, q));
          resourcePolicies.set(`arn:${PARTITION}:sqs:${stackRegions[stack]}:${ACCOUNT}:${url.split('/').pop()}`, doc);
        }
      }
      if (['AWS::S3::Bucket', 'AWS::DynamoDB::GlobalTable', 'AWS::KMS::Key', 'AWS::IAM::Role', 'AWS::Lambda::Function',
        'AWS::StepFunctions::StateMachine', 'AWS::SQS::Queue', 'AWS::Cognito::UserPool', 'AWS::Logs::LogGroup'].includes(r.Type)) {
        arns.set(`${stack}/${id}`, arnOf(stack, id));
      }
    }
  }

  const envByRole = new Map<string, Record<string, string>>();
  for (const [stack, t] of Object.entries(templates)) {
    for (const r of Object.values(t.Resources)) {
      if (r.Type !== 'AWS::Lambda::Function') continue;
      const p = r.Properties ?? {};
      const roleArn = String(resolveIn(stack, p.Role));
      const vars = ((p.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables) ?? {};
      envByRole.set(roleArn, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(resolveIn(stack, v))])));
    }
  }

  for (const [stack, t] of Object.entries(templates)) {
    for (const [id, r] of Object.entries(t.Resources)) {
      if (r.Type !== 'AWS::IAM::Role') continue;
      const p = r.Properties ?? {};
      const arn = arnOf(stack, id);
      const managed = ((p.ManagedPolicyArns as Json[] | undefined) ?? []).map((m) => {
        const mArn = String(resolveIn(stack, m));
        // AWS managed policies (only on CDK's own custom-resource roles) are not modelled.
        const doc =
          managedByArn.get(mArn) ?? (mArn.startsWith('arn:aws:iam::aws:policy/') ? { Version: '2012-10-17', Statement: [] } : undefined);
        if (!doc) throw new Error(`${stack}/${id}: managed policy ${mArn} is not in the templates`);
        return { name: mArn, policy: doc };
      });
      const inline = ((p.Policies as { PolicyName: string; PolicyDocument: Json }[] | undefined) ?? [])
        .map((x) => ({ name: x.PolicyName, policy: resolveIn(stack, x.PolicyDocument) as PolicyDoc }));
      const boundaryArn = p.PermissionsBoundary ? String(resolveIn(stack, p.PermissionsBoundary)) : undefined;
      roles.push({
        stack, logicalId: id, arn, name: physicalName(stack, id),
        description: String(p.Description ?? ''),
        region: stackRegions[stack],
        trust: resolveIn(stack, p.AssumeRolePolicyDocument) as PolicyDoc,
        identityPolicies: [...managed, ...inline, ...(attached.get(`${stack}/${id}`) ?? [])],
        boundary: boundaryArn ? managedByArn.get(boundaryArn) : undefined,
        environment: envByRole.get(arn) ?? {},
      });
    }
  }
  return { roles, resourcePolicies, keyAliases, arns, templates, stackRegions, endpointPolicies };
}

/** One request a role makes (or must not be able to make). */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** Region the request is sent to; `aws:RequestedRegion`. @default the resource's region or the role's */
  readonly region?: string;
  /** Context keys besides the principal and region ones. */
  readonly context?: Record<string, string | string[]>;
  /** The resource's policy (bucket, key, queue, trust); looked up by ARN when omitted. */
  readonly resourcePolicy?: PolicyDoc | null;
  /** Policy of the VPC endpoint the request goes through. @default none: the request does not go through an endpoint */
  readonly endpointPolicy?: PolicyDoc;
  /** Account owning the resource (`aws:ResourceAccount`). @default the app's account */
  readonly resourceAccount?: string;
  /** Account of the calling principal (`aws:PrincipalAccount`). @default the app's account */
  readonly principalAccount?: string;
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** Where a resource ARN's policy lives: object ARNs use their bucket's policy. */
function policyKeyOf(resource: string): string {
  if (resource.startsWith('arn:aws:s3:::')) return resource.split('/')[0];
  return resource;
}

function regionOf(resource: string): string | undefined {
  const parts = resource.split(':');
  return parts[3] || undefined;
}

/**
 * iam-simulate keeps a request's variable context keys only in the `prefix/name` form (e.g.
 * `aws:ResourceTag/x`); it drops `kms:EncryptionContext:<name>` as unknown, which would make every
 * condition on it fail to match. Both the policies and the request are rewritten to one stand-in
 * slash key per context name, which the evaluator treats with the same operators and Null test.
 */
const EC = /kms:EncryptionContext:([A-Za-z0-9_:.-]+)/gi;
const EC_STAND_IN = 'aws:ResourceTag/kms-encryption-context.';
function withStandIn<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(EC, (_, name: string) => `${EC_STAND_IN}${name}`)) as T;
}

/** Evaluates one request of one role; throws when the simulator rejects the request or ignores a context key. */
export async function decide(model: IamModel, role: ModelRole, req: IamRequest): Promise<Decision> {
  const region = req.region ?? regionOf(req.resource) ?? role.region;
  const resourcePolicy =
    req.resourcePolicy === null ? undefined : (req.resourcePolicy ?? model.resourcePolicies.get(policyKeyOf(req.resource)));
  const aliases = model.keyAliases.get(req.resource);
  const principalAccount = req.principalAccount ?? ACCOUNT;
  const simulation: Simulation = withStandIn({
    request: {
      principal: `arn:aws:sts::${principalAccount}:assumed-role/${role.name}/session`,
      action: req.action,
      resource: { resource: req.resource, accountId: req.resourceAccount ?? ACCOUNT },
      contextVariables: {
        'aws:PrincipalArn': role.arn.replace(`::${ACCOUNT}:`, `::${principalAccount}:`),
        'aws:PrincipalAccount': principalAccount,
        // The simulator takes the resource's account from the context; only endpoint policies here read it.
        ...(req.endpointPolicy ? { 'aws:ResourceAccount': req.resourceAccount ?? ACCOUNT } : {}),
        'aws:RequestedRegion': region,
        'aws:SecureTransport': 'true',
        ...(aliases ? { 'kms:ResourceAliases': aliases } : {}),
        ...(req.context ?? {}),
      },
    },
    identityPolicies: role.identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
    permissionBoundaryPolicies: role.boundary ? [{ name: 'boundary', policy: role.boundary }] : undefined,
    vpcEndpointPolicies: req.endpointPolicy ? [{ name: 'endpoint', policy: req.endpointPolicy }] : undefined,
  });
  const out = await runSimulation(simulation, {});
  if (out.resultType === 'error') {
    throw new Error(`${role.name} ${req.action} ${req.resource}: ${JSON.stringify(out.errors)}`);
  }
  const ignored = (out as { result?: { ignoredContextKeys?: string[] } }).result?.ignoredContextKeys ?? [];
  if (ignored.length > 0)
    throw new Error(`${role.name} ${req.action} ${req.resource}: context keys ${ignored.join(', ')} do not apply to the action`);
  return out.overallResult as Decision;
}

/** Who makes a request that no role of the model makes: an AWS service, the account root. */
export interface OtherPrincipal {
  /** `cloudtrail.amazonaws.com`, or an IAM ARN. */
  readonly principal: string;
  /** Its identity policies (none for a service). @default none */
  readonly identityPolicies?: { name: string; policy: PolicyDoc }[];
}

/** Evaluates one request of a service or other principal against the resource's policy in the model. */
export async function decideFor(model: IamModel, who: OtherPrincipal, req: IamRequest): Promise<Decision> {
  const resourcePolicy =
    req.resourcePolicy === null ? undefined : (req.resourcePolicy ?? model.resourcePolicies.get(policyKeyOf(req.resource)));
  const isService = who.principal.endsWith('.amazonaws.com');
  const simulation: Simulation = withStandIn({
    request: {
      principal: who.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: ACCOUNT },
      contextVariables: {
        ...(isService ? {} : { 'aws:PrincipalArn': who.principal, 'aws:PrincipalAccount': ACCOUNT }),
        'aws:RequestedRegion': req.region ?? regionOf(req.resource) ?? 'us-east-1',
        'aws:SecureTransport': 'true',
        ...(req.context ?? {}),
      },
    },
    identityPolicies: who.identityPolicies ?? [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
  });
  const out = await runSimulation(simulation, {});
  if (out.resultType === 'error') throw new Error(`${who.principal} ${req.action} ${req.resource}: ${JSON.stringify(out.errors)}`);
  const ignored = (out as { result?: { ignoredContextKeys?: string[] } }).result?.ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    throw new Error(`${who.principal} ${req.action} ${req.resource}: context keys ${ignored.join(', ')} do not apply to the action`);
  }
  return out.overallResult as Decision;
}
