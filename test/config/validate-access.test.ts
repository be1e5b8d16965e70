import { DEFAULT_CONFIG, defaultAccess, placeholderCertificateArn } from '../../lib/config/defaults';
import type { AccessConfig, JurisdictionConfig, StewardConfig } from '../../lib/config/types';
import { frontEndListeners, validateConfig } from '../../lib/config/validate';
import { ALICE, BOB, SSH_KEYS } from '../support/operators';
import { problemsOf } from '../support/config-problems';

const [EU, US] = DEFAULT_CONFIG.jurisdictions;
const EU_ACCESS = EU.access as AccessConfig;

function withEu(change: Partial<JurisdictionConfig> & Record<string, unknown>): StewardConfig {
  return { ...DEFAULT_CONFIG, jurisdictions: [{ ...EU, ...change }, US] };
}

function withEuAccess(change: Partial<AccessConfig> & Record<string, unknown>): StewardConfig {
  return withEu({ access: { ...EU_ACCESS, ...change } });
}

describe('operators (P-OPERATOR-ACCESS)', () => {
  test('accepts operators with their own keys', () => {
    expect(() => validateConfig(withEuAccess({ operators: [ALICE, BOB] }))).not.toThrow();
  });

  test('refuses a bad SSH key, naming the operator field', () => {
    expect(problemsOf(withEuAccess({ operators: [ALICE, { name: 'carol', sshPublicKey: SSH_KEYS.rsa2048 }] }))).toEqual([
      'jurisdictions[0].access.operators[1].sshPublicKey: RSA key has 2048 bits; at least 3072 are required',
    ]);
    expect(problemsOf(withEuAccess({ operators: [{ name: 'carol', sshPublicKey: 'not a key' }] }))).toEqual([
      expect.stringMatching(/^jurisdictions\[0\]\.access\.operators\[0\]\.sshPublicKey: /),
    ]);
  });

  test('refuses duplicate operator names: one account per person', () => {
    const twin = { name: 'alice', sshPublicKey: SSH_KEYS.ed25519Bob };
    expect(problemsOf(withEuAccess({ operators: [ALICE, twin] }))).toEqual([
      "jurisdictions[0].access.operators[1].name: duplicate operator name 'alice' (also operators[0]); one account per person",
    ]);
  });

  test('refuses one key shared by two operators, even with different comments', () => {
    const shared = { name: 'carol', sshPublicKey: SSH_KEYS.ed25519Alice.replace('alice@example', 'carol') };
    expect(problemsOf(withEuAccess({ operators: [ALICE, shared] }))).toEqual([
      'jurisdictions[0].access.operators[1].sshPublicKey: same key as operators[0]; shared keys are not allowed',
    ]);
  });

  test('refuses system account names and names that are not Linux account names', () => {
    expect(
      problemsOf(
        withEuAccess({
          operators: [
            { name: 'root', sshPublicKey: SSH_KEYS.ed25519Alice },
            { name: 'Bob Smith', sshPublicKey: SSH_KEYS.ed25519Bob },
          ],
        }),
      ),
    ).toEqual([
      "jurisdictions[0].access.operators[0].name: 'root' is a system account name; give the operator their own name",
      expect.stringMatching(/^jurisdictions\[0\]\.access\.operators\[1\]\.name: must match/),
    ]);
  });
});

describe('front-end ports (P-MIN-PORTS)', () => {
  test('every listener of the default front end is in its allowed list', () => {
    const frontEnd = EU_ACCESS.frontEnd;
    expect(frontEndListeners(frontEnd).map((l) => l.port).sort()).toEqual([...frontEnd.allowedPorts].sort());
  });

  test('refuses a listener port outside allowedPorts, naming the field', () => {
    const frontEnd = { ...EU_ACCESS.frontEnd, deviceSshPort: 2022 };
    expect(problemsOf(withEuAccess({ frontEnd }))).toEqual([
      'jurisdictions[0].access.frontEnd.allowedPorts: listener port 2022 (device SSH) is not in allowedPorts [80, 443, 2222, 6514]',
      'jurisdictions[0].access.frontEnd.allowedPorts[2]: port 2222 has no front-end listener; list only ports that are served',
    ]);
  });

  test('refuses an allowed port that nothing listens on, so the list says exactly what is open', () => {
    const frontEnd = { ...EU_ACCESS.frontEnd, allowedPorts: [...EU_ACCESS.frontEnd.allowedPorts, 22] };
    expect(problemsOf(withEuAccess({ frontEnd }))).toEqual([
      'jurisdictions[0].access.frontEnd.allowedPorts[4]: port 22 has no front-end listener; list only ports that are served',
    ]);
  });

  test('refuses a device SSH port that collides with another listener', () => {
    const frontEnd = { ...EU_ACCESS.frontEnd, deviceSshPort: 443 };
    expect(problemsOf(withEuAccess({ frontEnd }))).toEqual(
      expect.arrayContaining(['jurisdictions[0].access.frontEnd.deviceSshPort: port 443 is already the portal HTTPS port']),
    );
  });
});

describe('network and VPN ranges', () => {
  test.each([
    ['10.0.0/16', /must be an IPv4 CIDR/],
    ['10.0.0.1/16', /host bits set/],
    ['10.0.0.0/8', /private \(RFC 1918\) block of \/16 to \/22/],
    ['52.0.0.0/16', /private \(RFC 1918\) block/],
  ])('refuses the malformed or unusable VPC CIDR %p, naming the field', (vpcCidr, message) => {
    const problems = problemsOf(withEu({ network: { vpcCidr } }));
    expect(problems).toEqual([expect.stringMatching(/^jurisdictions\[0\]\.network\.vpcCidr: /)]);
    expect(problems[0]).toMatch(message);
  });

  test('refuses a VPN client range that overlaps the VPC', () => {
    expect(problemsOf(withEuAccess({ vpn: { ...EU_ACCESS.vpn, clientCidr: '10.10.4.0/22' } }))).toEqual([
      'jurisdictions[0].access.vpn.clientCidr: overlaps the VPC CIDR; operators would not reach the bastion',
    ]);
  });

  test('refuses a VPC that overlaps the default VPN client range when access is not configured', () => {
    expect(problemsOf(withEu({ network: { vpcCidr: '172.16.0.0/16' }, access: undefined }))).toEqual([
      'jurisdictions[0].network.vpcCidr: overlaps the default VPN client range 172.16.0.0/22; configure access.vpn.clientCidr',
    ]);
  });

  test('refuses a VPN client range Client VPN cannot use', () => {
    expect(problemsOf(withEuAccess({ vpn: { ...EU_ACCESS.vpn, clientCidr: '172.16.0.0/24' } }))).toEqual([
      'jurisdictions[0].access.vpn.clientCidr: Client VPN needs a block of /12 to /22, got /24',
    ]);
  });
});

describe('certificates and MFA', () => {
  test('refuses a certificate outside the primary region and a value that is no ACM ARN', () => {
    const vpn = {
      ...EU_ACCESS.vpn,
      serverCertificateArn: placeholderCertificateArn('eu-west-1', 'vpn-server'),
      clientRootCertificateArn: 'my-ca',
    };
    expect(problemsOf(withEuAccess({ vpn }))).toEqual([
      "jurisdictions[0].access.vpn.serverCertificateArn: certificate is in 'eu-west-1'; it must be in the primary region 'eu-central-1'",
      'jurisdictions[0].access.vpn.clientRootCertificateArn: must be an ACM certificate ARN, got "my-ca"',
    ]);
  });

  test('refuses a portalMfa other than optional or required', () => {
    expect(problemsOf(withEuAccess({ portalMfa: 'off' as never }))).toEqual([
      'jurisdictions[0].access.portalMfa: must be one of optional, required, got "off"',
    ]);
  });

  test('collects every access problem at once', () => {
    const problems = problemsOf(
      withEuAccess({ operators: [{ name: 'x y', sshPublicKey: '' }], portalMfa: 'sms' as never }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'jurisdictions[0].access.operators[0].name',
      'jurisdictions[0].access.operators[0].sshPublicKey',
      'jurisdictions[0].access.portalMfa',
    ]);
  });
});

describe('defaults', () => {
  test('a jurisdiction without network or access gets the default VPC and placeholder access', () => {
    const [bare] = validateConfig(withEu({ network: undefined, access: undefined })).jurisdictions;
    expect(bare.network.vpcCidr).toBe('10.0.0.0/16');
    expect(bare.access).toEqual(defaultAccess('eu-central-1'));
  });

  test('default certificates are visibly placeholders, and there are no default operators', () => {
    const access = defaultAccess('us-east-1');
    expect(access.vpn.serverCertificateArn).toBe('arn:aws:acm:us-east-1:000000000000:certificate/placeholder-vpn-server');
    expect(access.frontEnd.portalCertificateArn).toMatch(/:000000000000:certificate\/placeholder-portal$/);
    expect(access.operators).toEqual([]);
    expect(access.portalMfa).toBe('optional');
  });
});
