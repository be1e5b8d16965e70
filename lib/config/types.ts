/**
 * The configuration as written (a JSON file given with `-c stewardConfig=path.json`, or
 * DEFAULT_CONFIG). validateConfig turns it into a ResolvedStewardConfig (resolved.ts) with every
 * default filled in; stacks and constructs take only the resolved form.
 *
 * Adding a field: declare it here with JSDoc (and `@default` when optional), then follow the
 * compiler: the known-field list in validate.ts and the resolved type must name it, and the
 * default goes in defaults.ts. `npm run config:schema` regenerates config/steward-config.schema.json
 * and docs/configuration.md from these comments (a test fails while they are stale).
 */
import type { DataClassId } from '../inventory/data-classes';

/** The whole app's configuration: one entry per jurisdiction the platform serves. */
export interface StewardConfig {
  /** Path or URL of the JSON Schema of this file, for editors; ignored by steward. */
  readonly $schema?: string;
  /**
   * Prefix of every physical name (buckets, aliases, stacks): lower-case letters, digits and `-`,
   * 2..15 characters, starting with a letter. Required; the default app uses `steward`.
   * @pattern ^[a-z][a-z0-9-]{1,14}$
   */
  readonly appName: string;
  /**
   * The jurisdictions to deploy; each gets its own stacks and never shares data with another.
   * @minItems 1
   */
  readonly jurisdictions: readonly JurisdictionConfig[];
  /**
   * How tenant termination runs (P-DELETE-ON-TERMINATION).
   * @default `DEFAULT_TERMINATION`: a 7-day key deletion window, runs of at most 72 hours
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
   * @minimum 1
   * @maximum 72
   * @default 24
   */
  readonly maxGrantHours?: number;
  /**
   * Longest support session the broker hands out, in minutes (15..60; STS refuses less than 15).
   * @minimum 15
   * @maximum 60
   * @default 30
   */
  readonly maxSessionMinutes?: number;
}

/** Delivery of tenant and data-subject exports. */
export interface ExportsConfig {
  /**
   * Minutes a presigned download link stays valid (1..60).
   * @minimum 1
   * @maximum 60
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
   * @minimum 7
   * @maximum 30
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
  /**
   * Child executions of a termination's purge fan-out (one per bucket copy and shard) running at
   * once (1..25). Each runs 4 listers and up to 32 deletes in flight; the purge function reserves
   * 4 times this many concurrent executions, so several terminations can run together.
   * @minimum 1
   * @maximum 25
   * @default 8
   */
  readonly purgeConcurrency?: number;
  /**
   * Shards each bucket copy's tenant prefix is cut into at most, at sub-prefix boundaries, each a
   * child execution of the purge fan-out (1..32). More shards spread a big tenant over more children,
   * `purgeConcurrency` of them at once; a prefix with fewer sub-prefixes gets fewer shards. The plan
   * and the children's results share the workflow's 256 KiB state, so the synth refuses more than
   * it holds for the jurisdiction's bucket copies: at most 9 for the default app's 14.
   * @minimum 1
   * @maximum 32
   * @default 8
   */
  readonly shardsPerBucket?: number;
  /**
   * Hours a termination may run before it times out (4..8760). A timeout raises the termination
   * alarm, so a stuck run is noticed, and an operator starts a new run to finish it. At least 4,
   * since a throttled step is retried for about 3 hours; at most a year, the longest a Standard
   * workflow may run.
   * @minimum 4
   * @maximum 8760
   * @default 72
   */
  readonly runTimeoutHours?: number;
}

/** One legal area whose customer data must stay inside it (P-RESIDENCY). */
export interface JurisdictionConfig {
  /**
   * Short lower-case id used in names and tags, e.g. `eu`.
   * @pattern ^[a-z]{2,8}$
   */
  readonly id: string;
  /** Name shown in the security summary, e.g. `European Union`. */
  readonly displayName: string;
  /**
   * The area of the built-in region catalogue (lib/config/region-catalogue.ts) this jurisdiction
   * covers: `eu` (the European Union), `us`, `ca`, `uk`, `ch`, `jp`, `au`, ... Every region of the
   * jurisdiction must lie in it.
   * @default the jurisdiction `id`
   */
  readonly area?: string;
  /**
   * The AWS regions inside this jurisdiction, each from the catalogue and in its area; primary and
   * replica must be among them. Roles of the jurisdiction are denied every other region.
   * @default every catalogue region of the area
   */
  readonly regions?: readonly string[];
  /** Region that serves the tenants of this jurisdiction; needs three usable zones. */
  readonly primaryRegion: string;
  /** Second region, inside the same jurisdiction, that holds the replicas. */
  readonly replicaRegion: string;
  /**
   * Three availability zones of the primary region, named explicitly so synth needs no lookup;
   * each must be a zone of the primary region in the catalogue.
   * @default the first three catalogue zones of the primary region (ca-central-1: a, b, d)
   */
  readonly availabilityZones?: readonly string[];
  /**
   * AWS account (12 digits) the stacks deploy to. Synth stays offline with it set.
   * @pattern ^\d{12}$
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
  /** IPv4 CIDR of the VPC, a private (RFC 1918) range between /16 and /22, e.g. `10.0.0.0/16`. */
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
