import type { AccessConfig, ExportsConfig, NetworkConfig, StewardConfig, SupportAccessConfig, TerminationConfig } from './types';

/** Termination settings used where the configuration leaves them out. */
export const DEFAULT_TERMINATION: Required<TerminationConfig> = {
  keyDeletionWindowDays: 7, pitrRecoveryDays: 7, purgeConcurrency: 8, shardsPerBucket: 8, runTimeoutHours: 72,
};

/** Addresses handed to connected operators when the configuration names none; outside the default VPCs. */
export const DEFAULT_VPN_CLIENT_CIDR = '172.16.0.0/22';

/**
 * The default app: EU and US. Only member-state regions count as EU (London and Zurich are
 * outside the Union, so they are not listed even though their names start with `eu-`).
 */
export const DEFAULT_CONFIG: StewardConfig = {
  appName: 'steward',
  jurisdictions: [
    {
      id: 'eu',
      displayName: 'European Union',
      regions: ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2'],
      primaryRegion: 'eu-central-1',
      replicaRegion: 'eu-west-1',
      availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
      network: { vpcCidr: '10.10.0.0/16' },
      // Placeholder certificates (account 000000000000): replace before deploying.
      access: defaultAccess('eu-central-1'),
    },
    {
      id: 'us',
      displayName: 'United States',
      regions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
      primaryRegion: 'us-east-1',
      replicaRegion: 'us-west-2',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      network: { vpcCidr: '10.20.0.0/16' },
      // Placeholder certificates (account 000000000000): replace before deploying.
      access: defaultAccess('us-east-1'),
    },
  ],
};

/** Support access bounds when the configuration names none: off until granted, short when granted. */
export const DEFAULT_SUPPORT_ACCESS: Required<SupportAccessConfig> = { maxGrantHours: 24, maxSessionMinutes: 30 };

/** Export delivery when the configuration names none. */
export const DEFAULT_EXPORTS: Required<ExportsConfig> = { downloadUrlMinutes: 15 };

/** The VPC of a jurisdiction that does not configure one. */
export const DEFAULT_NETWORK: NetworkConfig = { vpcCidr: '10.0.0.0/16' };

/**
 * Placeholder ACM certificate ARN for a purpose in a region. The account `000000000000` and the
 * `placeholder-` id make it obvious, and a deploy with it fails at the certificate, never later:
 * replace each with a real certificate before deploying (see docs/operator-access.md).
 */
export function placeholderCertificateArn(region: string, purpose: string): string {
  return `arn:aws:acm:${region}:000000000000:certificate/placeholder-${purpose}`;
}

/**
 * Access of a jurisdiction that does not configure it: placeholder certificates, no operators
 * (nobody can log in to the bastion until operators are listed), portal MFA optional, and the
 * four front-end ports: 443 portal, 80 redirect to 443, 2222 device SSH, 6514 syslog over TLS.
 */
export function defaultAccess(primaryRegion: string): AccessConfig {
  return {
    operators: [],
    vpn: {
      serverCertificateArn: placeholderCertificateArn(primaryRegion, 'vpn-server'),
      clientRootCertificateArn: placeholderCertificateArn(primaryRegion, 'vpn-client-root-ca'),
      clientCidr: DEFAULT_VPN_CLIENT_CIDR,
    },
    frontEnd: {
      allowedPorts: [80, 443, 2222, 6514],
      deviceSshPort: 2222,
      portalCertificateArn: placeholderCertificateArn(primaryRegion, 'portal'),
      syslogCertificateArn: placeholderCertificateArn(primaryRegion, 'syslog-tls'),
    },
    portalMfa: 'optional',
  };
}
