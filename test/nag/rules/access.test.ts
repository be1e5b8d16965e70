import type { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { declareInternetIngress } from '../../../lib/nag/conventions';
import { ruleOutcome } from '../../support/nag';

function withVpc(add: (stack: Stack, vpc: ec2.Vpc) => void) {
  return (s: Stack) => add(s, new ec2.Vpc(s, 'Vpc', { availabilityZones: ['eu-central-1a', 'eu-central-1b'], natGateways: 0 }));
}

const deviceAndWeb = (s: Stack) =>
  declareInternetIngress(s, [
    { port: 443, protocol: 'tcp', carries: 'https', purpose: 'web front end' },
    { port: 2200, protocol: 'tcp', carries: 'ssh', purpose: 'device-initiated SSH' },
  ]);

describe('P-MIN-PORTS-InternetIngressOnDeclaredPorts', () => {
  const id = 'P-MIN-PORTS-InternetIngressOnDeclaredPorts';

  test('passes internet ingress on declared ports only, and private ingress on any port', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => {
        deviceAndWeb(s);
        const sg = new ec2.SecurityGroup(s, 'Edge', { vpc });
        sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
        sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(2200));
        sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(8080));
      }),
    );
    expect(out.failures).toEqual([]);
    expect(out.compliant).toBeGreaterThan(0);
  });

  test('fails an undeclared port, a port range and all traffic from the internet', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => {
        deviceAndWeb(s);
        const sg = new ec2.SecurityGroup(s, 'Open', { vpc });
        sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8443));
        sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcpRange(440, 450));
        sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.allTraffic());
      }),
    );
    expect(out.failures).toEqual([
      'RuleTest/Open/Resource[tcp:8443-8443]',
      'RuleTest/Open/Resource[tcp:440-450]',
      'RuleTest/Open/Resource[all:*-*]',
    ]);
  });

  test('refuses to declare port 22 as an internet port', () => {
    expect(() =>
      ruleOutcome(id, (s) => declareInternetIngress(s, [{ port: 22, protocol: 'tcp', carries: 'ssh', purpose: 'hosts' }])),
    ).toThrow(/ports: 22 is the host SSH port/);
  });
});

describe('P-MIN-PORTS-NoInternetHostSsh', () => {
  const id = 'P-MIN-PORTS-NoInternetHostSsh';

  test('passes SSH from inside the VPC', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => new ec2.SecurityGroup(s, 'Hosts', { vpc }).addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(22))),
    );
    expect(out.failures).toEqual([]);
    expect(out.compliant).toBeGreaterThan(0);
  });

  test('fails SSH from anywhere, on its own or inside a range', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => {
        new ec2.SecurityGroup(s, 'Ssh', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
        new ec2.CfnSecurityGroupIngress(s, 'Range', { groupId: 'sg-123', ipProtocol: 'tcp', fromPort: 1, toPort: 1024, cidrIpv6: '::/0' });
      }),
    );
    expect(out.failures.sort()).toEqual(['RuleTest/Range', 'RuleTest/Ssh/Resource']);
  });
});

describe('P-OPERATOR-ACCESS-SshOnlyFromPrivateNetworks', () => {
  const id = 'P-OPERATOR-ACCESS-SshOnlyFromPrivateNetworks';

  test('passes SSH from a bastion security group and from the VPN client range', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => {
        const bastion = new ec2.SecurityGroup(s, 'Bastion', { vpc });
        const hosts = new ec2.SecurityGroup(s, 'Hosts', { vpc });
        hosts.addIngressRule(bastion, ec2.Port.tcp(22));
        bastion.addIngressRule(ec2.Peer.ipv4('100.64.0.0/22'), ec2.Port.tcp(22));
      }),
    );
    expect(out.failures).toEqual([]);
    expect(out.compliant).toBeGreaterThan(0);
  });

  test('fails SSH from a single public office address', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => new ec2.SecurityGroup(s, 'Office', { vpc }).addIngressRule(ec2.Peer.ipv4('203.0.113.7/32'), ec2.Port.tcp(22))),
    );
    expect(out.failures).toEqual(['RuleTest/Office/Resource[tcp:22-22]']);
  });
});

describe('P-OPERATOR-ACCESS-ClientVpnMutualTlsAndLogging', () => {
  const id = 'P-OPERATOR-ACCESS-ClientVpnMutualTlsAndLogging';
  const endpoint = (s: Stack, props: Partial<ec2.CfnClientVpnEndpointProps>) =>
    new ec2.CfnClientVpnEndpoint(s, 'Vpn', {
      clientCidrBlock: '100.64.0.0/22',
      serverCertificateArn: 'arn:aws:acm:eu-central-1:111111111111:certificate/server',
      authenticationOptions: [],
      connectionLogOptions: { enabled: false },
      ...props,
    });

  test('passes certificate authentication with connection logging', () => {
    const out = ruleOutcome(id, (s) =>
      endpoint(s, {
        authenticationOptions: [
          {
            type: 'certificate-authentication',
            mutualAuthentication: { clientRootCertificateChainArn: 'arn:aws:acm:eu-central-1:111111111111:certificate/ca' },
          },
        ],
        connectionLogOptions: { enabled: true, cloudwatchLogGroup: 'vpn-connections' },
      }),
    );
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails directory-only authentication without connection logs', () => {
    const out = ruleOutcome(id, (s) =>
      endpoint(s, { authenticationOptions: [{ type: 'directory-service-authentication', activeDirectory: { directoryId: 'd-123' } }] }),
    );
    expect(out.failures).toEqual(['RuleTest/Vpn[mutual-authentication]', 'RuleTest/Vpn[connection-logging]']);
  });
});

describe('P-PORTAL-MFA-UserPoolOffersMfa', () => {
  const id = 'P-PORTAL-MFA-UserPoolOffersMfa';

  test('passes a pool with optional TOTP', () => {
    const out = ruleOutcome(
      id,
      (s) => new cognito.UserPool(s, 'Pool', { mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { otp: true, sms: false } }),
    );
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a pool without MFA and one offering SMS only', () => {
    const out = ruleOutcome(id, (s) => {
      new cognito.UserPool(s, 'NoMfa');
      new cognito.UserPool(s, 'SmsOnly', { mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: false, sms: true } });
    });
    expect(out.failures.sort()).toEqual(['RuleTest/NoMfa/Resource', 'RuleTest/SmsOnly/Resource']);
  });
});
