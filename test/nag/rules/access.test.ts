import type { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { declareInternetIngress } from '../../../lib/nag/conventions';
import { EU_STAMP, renderedOutcome, ruleOutcome } from '../../support/nag';

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

  test('fails a port the stack declares and opens that access.frontEnd.allowedPorts does not list', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => {
        declareInternetIngress(s, [{ port: 8443, protocol: 'tcp', carries: 'https', purpose: 'second portal' }]);
        new ec2.SecurityGroup(s, 'Extra', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8443));
      }),
    );
    expect(out.failures).toEqual(['RuleTest/Extra/Resource[tcp:8443-8443]']);
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

describe('P-OPERATOR-ACCESS-SshOnlyFromVpnOrBastion', () => {
  const id = 'P-OPERATOR-ACCESS-SshOnlyFromVpnOrBastion';
  /** A Client VPN endpoint with its own security group, and the bastion's group that takes SSH from it. */
  const entry = (s: Stack, vpc: ec2.Vpc) => {
    const vpn = new ec2.SecurityGroup(s, 'VpnGroup', { vpc });
    new ec2.CfnClientVpnEndpoint(s, 'Vpn', {
      clientCidrBlock: EU_STAMP.vpnClientCidr!,
      serverCertificateArn: 'arn:aws:acm:eu-central-1:111111111111:certificate/server',
      authenticationOptions: [],
      connectionLogOptions: { enabled: false },
      securityGroupIds: [vpn.securityGroupId],
    });
    const bastion = new ec2.SecurityGroup(s, 'Bastion', { vpc });
    bastion.addIngressRule(vpn, ec2.Port.tcp(22));
    return bastion;
  };

  test('passes SSH from the VPN\'s group, from the bastion\'s group and from the configured VPN client range', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => {
        const bastion = entry(s, vpc);
        const hosts = new ec2.SecurityGroup(s, 'Hosts', { vpc });
        hosts.addIngressRule(bastion, ec2.Port.tcp(22));
        hosts.addIngressRule(ec2.Peer.ipv4('172.16.1.0/24'), ec2.Port.tcp(22));
      }),
    );
    expect(out.failures).toEqual([]);
    expect(out.compliant).toBeGreaterThan(1);
  });

  test('fails SSH from a public address, from another private range and from a group that is neither VPN nor bastion', () => {
    const out = ruleOutcome(
      id,
      withVpc((s, vpc) => {
        entry(s, vpc);
        const other = new ec2.SecurityGroup(s, 'Services', { vpc });
        const hosts = new ec2.SecurityGroup(s, 'Hosts', { vpc, allowAllOutbound: false });
        hosts.addIngressRule(ec2.Peer.ipv4('203.0.113.7/32'), ec2.Port.tcp(22));
        hosts.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));
        new ec2.SecurityGroup(s, 'Peer', { vpc }).addIngressRule(other, ec2.Port.tcp(22));
      }),
    );
    expect(out.failures.sort())
      .toEqual(['RuleTest/Hosts/Resource[tcp:22-22]', 'RuleTest/Peer/from RuleTestServicesC1D70469:22[tcp:22-22]']);
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

describe('P-PORTAL-MFA-PasswordPolicyStrong', () => {
  const id = 'P-PORTAL-MFA-PasswordPolicyStrong';
  const strong = {
    MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true,
    TemporaryPasswordValidityDays: 3,
  };
  const pool = (PasswordPolicy: Record<string, unknown>) => ({
    Type: 'AWS::Cognito::UserPool',
    Properties: { Policies: { PasswordPolicy } },
  });

  test('passes a user pool with a strong password policy and an IAM user without a console password', () => {
    const resources = { Pool: pool(strong), Deployer: { Type: 'AWS::IAM::User', Properties: {} } };
    const out = renderedOutcome(id, [{ name: 'users', resources }]);
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails short passwords, a missing character class, long-lived temporary passwords and an IAM console password', () => {
    const out = renderedOutcome(id, [{
      name: 'users',
      resources: {
        Short: pool({ ...strong, MinimumLength: 8 }),
        NoSymbols: pool({ ...strong, RequireSymbols: false }),
        Lingering: pool({ ...strong, TemporaryPasswordValidityDays: 30 }),
        Console: { Type: 'AWS::IAM::User', Properties: { LoginProfile: { Password: 'x' } } },
      },
    }]);
    expect(out.failures.sort())
      .toEqual([
        'users/Console[console-password]', 'users/Lingering[temporary-password-days]', 'users/NoSymbols[RequireSymbols]',
        'users/Short[length]',
      ]);
  });
});
