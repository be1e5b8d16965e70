import { Template } from 'aws-cdk-lib/assertions';
import { validateConfig } from '../../lib/config/validate';
import { functionInVpc } from '../../lib/nag/rules/function-in-vpc';
import { STEWARD_PACK_NAME } from '../../lib/nag/security-summary-checks';
import { SUPPRESSION_REASON } from '../../lib/nag/suppression-reasons';
import { buildStewardApp } from '../../lib/steward-app';
import { CALL_SPECS } from '../iam/handler-calls';
import { newTestApp } from '../support/app';
import { euOnlyConfig } from '../support/snapshot';

/**
 * The data perimeter on the synthesized templates (issue 11, point 5): handlers in the VPC's
 * isolated subnets behind one security group, endpoints for what they call, every endpoint
 * policy limited to the platform's account, and only the named exceptions outside.
 */

const [eu] = buildStewardApp(newTestApp(), validateConfig(euOnlyConfig()), { nag: false });
const network = Template.fromStack(eu.network).toJSON();
const handlerStacks = [eu.tenantLifecycle, eu.dataRights, eu.portalUsers, eu.network];

type Res = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, any> };
const resources = (t: Record<string, any>, type: string) =>
  Object.entries(t.Resources as Record<string, Res>).filter(([, r]) => r.Type === type);

/** What may run outside the VPC, by stack and logical id prefix, with the reason its suppression must give. */
const OUTSIDE_VPC: Record<string, string> = {
  'data-rights/EarlyLogPurgeHandlerFunction': SUPPRESSION_REASON.reachesReplicaRegion,
  'data-rights/DataSubjectRequestsHandlerFunction': SUPPRESSION_REASON.reachesReplicaRegion,
  'data-rights/SupportConsentFunction': SUPPRESSION_REASON.callsGlobalIam,
  'tenant-lifecycle/TenantTerminationWorkflowplanpurgeFunction': SUPPRESSION_REASON.reachesReplicaRegion,
  'tenant-lifecycle/TenantTerminationWorkflowpurgebucketFunction': SUPPRESSION_REASON.reachesReplicaRegion,
  'tenant-lifecycle/TenantTerminationWorkflowverifyFunction': SUPPRESSION_REASON.reachesReplicaRegion,
  'network/CustomVpcRestrictDefaultSGCustomResourceProviderHandler': SUPPRESSION_REASON.cdkProviderRunsOnDeploy,
  'network/CustomStewardManagedPrefixListsCustomResourceProviderHandler': SUPPRESSION_REASON.prefixListLookupRunsOnDeploy,
};
const exceptionOf = (stack: string, id: string) =>
  Object.entries(OUTSIDE_VPC).find(([k]) => `${stack}/${id}`.startsWith(k) && /^[0-9A-F]{8}$/.test(`${stack}/${id}`.slice(k.length)))?.[1];

/** The network stack's output behind a cross-stack reference, by the logical id it names. */
const exported = (value: unknown): string => JSON.stringify(value);

describe('the data perimeter (P-TENANT-ISOLATION)', () => {
  const handlerGroup = resources(network, 'AWS::EC2::SecurityGroup').find(([id]) => id.startsWith('HandlerSecurityGroup'));

  test('every Lambda function runs in the services subnets behind the handlers\' group, but the named exceptions', () => {
    const inVpc: string[] = [];
    const outside: string[] = [];
    for (const stack of handlerStacks) {
      const short = stack.stackName.replace('steward-eu-', '');
      for (const [id, fn] of resources(Template.fromStack(stack).toJSON(), 'AWS::Lambda::Function')) {
        const reason = exceptionOf(short, id);
        const vpc = fn.Properties.VpcConfig;
        if (reason) {
          outside.push(`${short}/${id}`);
          expect(vpc).toBeUndefined();
          const suppressed = (fn.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[];
          expect(suppressed).toContainEqual({ id: `${STEWARD_PACK_NAME}-${functionInVpc.id}`, reason });
          continue;
        }
        inVpc.push(`${short}/${id}`);
        expect(vpc?.SubnetIds).toHaveLength(3);
        expect(exported(vpc.SubnetIds)).toMatch(/servicesSubnet/);
        expect(exported(vpc.SecurityGroupIds)).toContain(handlerGroup![0]);
      }
    }
    expect(outside).toHaveLength(Object.keys(OUTSIDE_VPC).length);
    expect(inVpc.length).toBe(12);
  });

  test('the handlers\' group sends HTTPS only to the interface endpoints and the S3 and DynamoDB prefix lists', () => {
    const egress = handlerGroup![1].Properties.SecurityGroupEgress as Record<string, unknown>[];
    expect(egress).toHaveLength(3);
    for (const rule of egress) expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
    expect(egress.map((r) => Object.keys(r).find((k) => k.startsWith('Destination')))).toEqual([
      'DestinationSecurityGroupId', 'DestinationPrefixListId', 'DestinationPrefixListId',
    ]);
    expect(egress.map((r) => exported(r.DestinationPrefixListId ?? r.DestinationSecurityGroupId))).toEqual([
      expect.stringContaining('EndpointSecurityGroup'), expect.stringMatching(/GatewayPrefixLists.*"S3"/),
      expect.stringMatching(/GatewayPrefixLists.*"DynamoDb"/),
    ]);
  });

  const endpoints = resources(network, 'AWS::EC2::VPCEndpoint');
  const serviceOf = (r: Res) => exported(r.Properties.ServiceName).replace(/^.*\.([a-z0-9-]+)"\]\]\}$/, '$1').replace(/^"com\.amazonaws\.[a-z0-9-]+\./, '').replace(/"$/, '');

  test('has an endpoint for every service the handlers in the VPC call, and for the bastion\'s agent', () => {
    const services = endpoints.map(([, r]) => serviceOf(r)).sort();
    expect(services).toEqual(['cognito-idp', 'dynamodb', 'ec2messages', 'kms', 'logs', 's3', 'ssm', 'ssmmessages', 'states', 'sts']);
    // Every SDK client a handler uses has an endpoint, except IAM (global: the consent handler stays outside).
    const client = { 'cognito-identity-provider': 'cognito-idp', sfn: 'states' } as Record<string, string>;
    const called = new Set(CALL_SPECS.filter((s) => !s.command.startsWith('platform:')).map((s) => s.command.split(':')[0]));
    expect([...called].map((c) => client[c] ?? c).filter((c) => !services.includes(c))).toEqual(['iam']);
  });

  test('every endpoint has its own policy; each Allow admits only the own account\'s principals', () => {
    expect(endpoints).toHaveLength(10);
    for (const [id, r] of endpoints) {
      const statements = r.Properties.PolicyDocument?.Statement as Record<string, any>[] | undefined;
      expect(statements?.length ?? `${id}: no policy`).toBeGreaterThan(0);
      for (const s of statements!) {
        expect(s.Effect).toBe('Allow');
        expect(s.Condition.StringEquals['aws:PrincipalAccount']).toEqual({ Ref: 'AWS::AccountId' });
      }
    }
  });

  test('the data-path endpoints reach only the own account\'s resources; S3 only its buckets and AWS-owned package buckets', () => {
    for (const [, r] of endpoints.filter(([, e]) => !['ssm', 'ssmmessages', 'ec2messages'].includes(serviceOf(e)))) {
      const [own, ...others] = r.Properties.PolicyDocument.Statement as Record<string, any>[];
      expect(own.Condition.StringEquals['aws:ResourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      if (serviceOf(r) !== 's3') {
        expect(others).toEqual([]);
        continue;
      }
      expect(exported(own.Resource)).toMatch(/:s3:::steward-eu-\*"\]\]\},\{.*:s3:::steward-eu-\*\/\*"/);
      expect(others).toHaveLength(1);
      expect(others[0].Action).toBe('s3:GetObject');
      for (const b of others[0].Resource) expect(exported(b)).toMatch(/:s3:::[a-z0-9-]*(eu-central-1)[a-z0-9-]*\/\*"/);
    }
  });
});
