import type { DataClassId } from '../inventory/data-classes';

/** The whole app's configuration: one entry per jurisdiction the platform serves. */
export interface StewardConfig {
  /**
   * Prefix of every physical name (buckets, aliases, stacks).
   * @default 'steward'
   */
  readonly appName: string;
  /** The jurisdictions to deploy; each gets its own stacks and never shares data with another. */
  readonly jurisdictions: readonly JurisdictionConfig[];
  /**
   * How tenant termination runs (P-DELETE-ON-TERMINATION).
   * @default DEFAULT_TERMINATION
   */
  readonly termination?: TerminationConfig;
  /**
   * Bounds of support access with tenant consent (P-SUPPORT-CONSENT).
   * @default `DEFAULT_SUPPORT_ACCESS`: grants of at most 24 hours, sessions of at most 30 minutes
   */
  readonly supportAccess?: SupportAccessConfig;
  /**
   * How tenants receive their exports (P-PORTABILITY, P-DSR).
   * @default `DEFAULT_EXPORTS`: download links valid for 15 minutes
   */
  readonly exports?: ExportsConfig;
}

/** Support access is off until a tenant grants it; these bound what a grant and a session may last. */
export interface SupportAccessConfig {
  /**
   * Longest grant a tenant may give, in hours (1..72).
   * @default 24
   */
  readonly maxGrantHours?: number;
  /**
   * Longest support session the broker hands out, in minutes (15..60; STS refuses less than 15).
   * @default 30
   */
  readonly maxSessionMinutes?: number;
}

/** Delivery of tenant and data-subject exports. */
export interface ExportsConfig {
  /**
   * Minutes a presigned download link stays valid (1..60).
   * @default 15
   */
  readonly downloadUrlMinutes?: number;

}

/** Tenant termination settings. */
export interface TerminationConfig {
  /**
   * Days between disabling a terminated tenant's key and KMS deleting it for good (7..30). The key
   * is disabled at once, so the data is unreadable from the first minute; the window only allows
   * an operator to cancel a termination started by mistake.
   * @default 7
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * Days DynamoDB point-in-time recovery keeps the tenant-data tables restorable (1..35, the range
   * DynamoDB allows). A terminated tenant's deleted items stay restorable for this long, so the
   * termination receipt's `unrecoverableAfter` date is at least this many days after the run.
   * @minimum 1
   * @maximum 35
   * @default 7
   */
  readonly pitrRecoveryDays?: number;
}

/** One legal area whose customer data must stay inside it (P-RESIDENCY). */
export interface JurisdictionConfig {
  /** Short lower-case id used in names and tags, e.g. `eu`. */
  readonly id: string;
  /** Name shown in the security summary, e.g. `European Union`. */
  readonly displayName: string;
  /** Every AWS region that lies inside this jurisdiction; primary and replica must be among them. */
  readonly regions: readonly string[];
  /** Region that serves the tenants of this jurisdiction. */
  readonly primaryRegion: string;
  /** Second region, inside the same jurisdiction, that holds the replicas. */
  readonly replicaRegion: string;
  /**
   * Three availability zones of the primary region, named explicitly so synth needs no lookup.
   * @default the first three zones of the primary region (`<region>a`, `b`, `c`)
   */
  readonly availabilityZones?: readonly string[];
  /**
   * AWS account the stacks deploy to.
   * @default the account of the deploying credentials (environment-agnostic account)
   */
  readonly account?: string;
  /**
   * Retention in days per data class, each inside the range the inventory declares.
   * @default each class's declared default
   */
  readonly retentionDays?: Partial<Record<DataClassId, number>>;
  /**
   * The primary region's network.
   * @default {@link DEFAULT_NETWORK} (VPC `10.0.0.0/16`)
   */
  readonly network?: NetworkConfig;
  /**
   * Who may reach the platform and how: operators, the VPN, the internet-facing front end, portal MFA.
   * @default {@link defaultAccess} of the primary region: placeholder certificates, no operators, MFA optional
   */
  readonly access?: AccessConfig;
}

/** The VPC of a jurisdiction's primary region. */
export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, a private range between /16 and /22, e.g. `10.0.0.0/16`. */
  readonly vpcCidr: string;
}

/** Operator, device and portal access to a jurisdiction (P-OPERATOR-ACCESS, P-MIN-PORTS, P-PORTAL-MFA). */
export interface AccessConfig {
  /** One Linux account and one SSH key on the bastion per operator; removing an entry removes the account. */
  readonly operators: readonly OperatorConfig[];
  /** The Client VPN that is the only way onto the bastion. */
  readonly vpn: VpnConfig;
  /** The internet-facing load balancers. */
  readonly frontEnd: FrontEndConfig;
  /** Whether portal users may (`optional`) or must (`required`) use a TOTP second factor. */
  readonly portalMfa: 'optional' | 'required';
}

/** One person who may log in to the bastion. */
export interface OperatorConfig {
  /** Linux account name: lower-case letters, digits, `_` and `-`, starting with a letter, at most 32 characters. */
  readonly name: string;
  /** The operator's own OpenSSH public key (`ssh-ed25519 ...`, `ecdsa-sha2-nistp256 ...` or RSA of 3072+ bits); never shared. */
  readonly sshPublicKey: string;
}

/** AWS Client VPN with mutual (certificate) authentication. */
export interface VpnConfig {
  /** ACM ARN of the VPN server certificate, in the primary region. */
  readonly serverCertificateArn: string;
  /** ACM ARN of the root CA that signed every operator's client certificate, in the primary region. */
  readonly clientRootCertificateArn: string;
  /** IPv4 CIDR (/12 to /22) handed out to connected operators; must not overlap the VPC. */
  readonly clientCidr: string;
}

/** The internet-facing front end: portal over HTTPS, device SSH and syslog over TLS. */
export interface FrontEndConfig {
  /**
   * Every port the front end may listen on; the single source of what is open to the internet.
   * Each listener port must be listed, and each listed port must have a listener.
   */
  readonly allowedPorts: readonly number[];
  /** Port on which devices open their outbound SSH management connection (P-DEVICE-OUTBOUND). */
  readonly deviceSshPort: number;
  /** ACM ARN of the portal's TLS certificate, in the primary region. */
  readonly portalCertificateArn: string;
  /** ACM ARN of the certificate the syslog-over-TLS listener presents to devices, in the primary region. */
  readonly syslogCertificateArn: string;
}
