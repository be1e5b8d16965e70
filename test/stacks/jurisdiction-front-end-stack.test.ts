import { Match, Template } from 'aws-cdk-lib/assertions';
import { frontEndListeners } from '../../lib/config/validate';
import { declaredInternetIngressOf } from '../../lib/nag/conventions';
import { FRONT_END_TLS_POLICY } from '../../lib/constructs/front-end-tls';
import { allowedListenerPort } from '../../lib/stacks/jurisdiction-front-end-stack';
import { resolveJurisdiction } from '../support/app';
import { buildNetworkStacks, buildResolvedNetworkStacks } from '../support/network-stacks';
import { euWithOperators } from '../support/operators';

const jurisdiction = euWithOperators();
const frontEnd = jurisdiction.access!.frontEnd;
const stacks = buildNetworkStacks(jurisdiction);
const t = Template.fromStack(stacks.frontEnd);

/** TLS policies at least as strict as ELBSecurityPolicy-TLS13-1-2-2021-06. */
const MODERN_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
];

const listeners = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::Listener')).map((l) => l.Properties);
const listenerOn = (port: number) => listeners.find((l) => l.Port === port);

describe('front-end stack (P-ENCRYPT-TRANSIT, P-MIN-PORTS, P-DEVICE-OUTBOUND)', () => {
  test('is pinned to the primary region and faces the internet from the front-end subnets', () => {
    expect(stacks.frontEnd.region).toBe(jurisdiction.primaryRegion);
    const lbs = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    expect(lbs.map((lb) => lb.Properties.Type).sort()).toEqual(['application', 'network']);
    for (const lb of lbs) {
      expect(lb.Properties.Scheme).toBe('internet-facing');
      expect(JSON.stringify(lb.Properties.Subnets)).toContain('VpcfrontendSubnet');
      expect(lb.Properties.LoadBalancerAttributes).toContainEqual({ Key: 'deletion_protection.enabled', Value: 'true' });
    }
  });

  test('the portal is served over HTTPS with a modern TLS policy and the configured certificate', () => {
    expect(MODERN_POLICIES).toContain(FRONT_END_TLS_POLICY);
    expect(listenerOn(443)).toMatchObject({
      Protocol: 'HTTPS',
      SslPolicy: FRONT_END_TLS_POLICY,
      Certificates: [{ CertificateArn: frontEnd.portalCertificateArn }],
      DefaultActions: [expect.objectContaining({ Type: 'forward' })],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
  });

  test('the portal load balancer sits behind the web ACL', () => {
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: Match.stringLikeRegexp('^Portal') } });
  });

  test('plain HTTP only redirects to HTTPS', () => {
    expect(listenerOn(80)).toMatchObject({
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  test('syslog is accepted over TLS only, with a modern policy and the configured certificate, and re-encrypted to the collector', () => {
    expect(listenerOn(6514)).toMatchObject({
      Protocol: 'TLS',
      SslPolicy: FRONT_END_TLS_POLICY,
      Certificates: [{ CertificateArn: frontEnd.syslogCertificateArn }],
    });
    expect(listeners.filter((l) => l.Protocol === 'UDP' || l.Port === 514)).toEqual([]);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Protocol: 'TLS', Port: 6514, TargetType: 'ip' });
  });

  test('devices open SSH on the declared port, passed through to the device gateway', () => {
    expect(listenerOn(frontEnd.deviceSshPort)).toMatchObject({ Protocol: 'TCP' });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Protocol: 'TCP',
      Port: frontEnd.deviceSshPort,
      TargetType: 'ip',
    });
  });

  test('every listener port is an allowed port, and every allowed port has a listener', () => {
    expect(listeners.map((l) => l.Port).sort()).toEqual([...frontEnd.allowedPorts].sort());
    expect(listeners.map((l) => l.Port).sort()).toEqual(frontEndListeners(frontEnd).map((l) => l.port).sort());
  });

  test('security groups open exactly the allowed ports to the internet, and reach only the VPC', () => {
    const groups = Object.values(t.findResources('AWS::EC2::SecurityGroup'));
    const open = groups.flatMap((g) => g.Properties.SecurityGroupIngress ?? []);
    expect(
      open.every((r: { CidrIp: string; FromPort: number; ToPort: number }) => r.CidrIp === '0.0.0.0/0' && r.FromPort === r.ToPort),
    ).toBe(true);
    expect(open.map((r: { FromPort: number }) => r.FromPort).sort()).toEqual([...frontEnd.allowedPorts].sort());
    for (const g of groups) {
      for (const e of g.Properties.SecurityGroupEgress) expect(e.CidrIp).toBe('10.10.0.0/16');
    }
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('declares each internet port with the protocol it carries, for the security summary checks', () => {
    expect(declaredInternetIngressOf(stacks.frontEnd).map((p) => [p.port, p.carries]).sort()).toEqual(
      [
        [443, 'https'],
        [80, 'http-redirect'],
        [6514, 'tls'],
        [frontEnd.deviceSshPort, 'ssh'],
      ].sort(),
    );
  });

  test('target groups are empty: the services behind them are deployed separately', () => {
    for (const tg of Object.values(t.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'))) {
      expect(tg.Properties.Targets).toBeUndefined();
    }
  });

  test('matches the snapshot', () => {
    expect(t.toJSON()).toMatchSnapshot();
  });
});

describe('ingress across the jurisdiction (P-MIN-PORTS)', () => {
  interface Ingress {
    CidrIp?: unknown;
    CidrIpv6?: unknown;
    SourceSecurityGroupId?: unknown;
    FromPort: number;
    ToPort: number;
  }
  const all = [stacks.network, stacks.operatorAccess, stacks.frontEnd, stacks.portalUsers].flatMap((stack) => {
    const tpl = Template.fromStack(stack);
    const inline = Object.values(tpl.findResources('AWS::EC2::SecurityGroup')).flatMap(
      (g) => (g.Properties.SecurityGroupIngress ?? []) as Ingress[],
    );
    const separate = Object.values(tpl.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties as Ingress);
    return [...inline, ...separate].map((rule) => ({ stack: stack.node.id, rule }));
  });

  test('the internet reaches only the allowed ports, one port per rule', () => {
    const fromInternet = all.filter(({ rule }) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0');
    expect(fromInternet.length).toBeGreaterThan(0);
    for (const { stack, rule } of fromInternet) {
      expect(stack).toBe('FrontEnd');
      expect(rule.FromPort).toBe(rule.ToPort);
      expect(frontEnd.allowedPorts).toContain(rule.FromPort);
    }
  });

  test('SSH to a host is open only to the operator VPN', () => {
    const ssh = all.filter(({ rule }) => rule.FromPort <= 22 && rule.ToPort >= 22);
    expect(ssh).toHaveLength(1);
    expect(ssh[0].stack).toBe('OperatorAccess');
    expect(JSON.stringify(ssh[0].rule.SourceSecurityGroupId)).toContain('VpnSecurityGroup');
  });

  test('every other inbound rule comes from inside the VPC', () => {
    const rest = all.filter(({ rule }) => rule.CidrIp !== '0.0.0.0/0' && rule.SourceSecurityGroupId === undefined);
    for (const { rule } of rest) expect(rule.CidrIp).toBe('10.10.0.0/16');
  });
});

describe('allowedListenerPort', () => {
  test('returns an allowed port', () => {
    expect(allowedListenerPort({ allowedPorts: [443] }, 443, 'portal HTTPS')).toBe(443);
  });

  test('stops synth on a port outside the list, naming the field', () => {
    expect(() => allowedListenerPort({ allowedPorts: [443, 6514] }, 2222, 'device SSH')).toThrow(
      'access.frontEnd.allowedPorts: listener port 2222 (device SSH) is not allowed; allowed ports are [443, 6514]',
    );
  });

  test('a front-end stack whose configuration skipped validation still refuses an undeclared listener port', () => {
    const unchecked = { ...frontEnd, allowedPorts: [80, 443, 6514] };
    const valid = resolveJurisdiction(euWithOperators());
    const bad = { ...valid, access: { ...valid.access, frontEnd: unchecked } };
    expect(() => buildResolvedNetworkStacks(bad)).toThrow(
      /^access\.frontEnd\.allowedPorts: listener port 2222 \(device SSH\) is not allowed/,
    );
  });
});
