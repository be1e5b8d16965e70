import { DATA_CLASS_IDS, dataClass, isDataClassId } from '../inventory/data-classes';
import { isPrivate, overlaps, parseIpv4Cidr, type Ipv4Block } from './cidr';
import { ProblemCollector } from './config-error';
import { DEFAULT_EXPORTS, DEFAULT_NETWORK, DEFAULT_SUPPORT_ACCESS, DEFAULT_TERMINATION, DEFAULT_VPN_CLIENT_CIDR, defaultAccess } from './defaults';
import { sshKeyMaterial, sshPublicKeyProblem } from './ssh-public-key';
import type {
  AccessConfig, ExportsConfig, FrontEndConfig, JurisdictionConfig, NetworkConfig, StewardConfig, SupportAccessConfig, TerminationConfig,
} from './types';

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const JURISDICTION_ID = /^[a-z]{2,8}$/;
const APP_NAME = /^[a-z][a-z0-9-]{1,14}$/;
const ACCOUNT = /^\d{12}$/;
const OPERATOR_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
/** Accounts that exist on every Amazon Linux host; an operator must never take one over. */
const SYSTEM_ACCOUNTS = new Set(['root', 'ec2-user', 'ssm-user', 'admin', 'bin', 'daemon', 'nobody', 'sshd', 'operator']);
const PORTAL_MFA = ['optional', 'required'];

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Checks a configuration (typed or parsed from JSON) and returns it typed.
 * Every problem is collected first, then all are thrown together in one ConfigValidationError.
 */
export function validateConfig(raw: unknown): StewardConfig {
  const problems = new ProblemCollector();
  if (!isObject(raw)) {
    problems.add('(root)', 'configuration must be an object');
    problems.throwIfAny();
  }
  const cfg = raw as Raw;
  if (typeof cfg.appName !== 'string' || !APP_NAME.test(cfg.appName)) {
    problems.add('appName', `must match ${APP_NAME} (lower-case, 2..15 characters), got ${JSON.stringify(cfg.appName)}`);
  }
  if (!Array.isArray(cfg.jurisdictions) || cfg.jurisdictions.length === 0) {
    problems.add('jurisdictions', 'must list at least one jurisdiction');
  } else {
    validateJurisdictions(cfg.jurisdictions, problems);
  }
  validateTermination(cfg.termination, problems);
  validateDataRights(cfg, problems);
  problems.throwIfAny();
  return cfg as unknown as StewardConfig;
}

function validateJurisdictions(list: unknown[], problems: ProblemCollector): void {
  const owners = new Map<string, string>();
  const ids = new Set<string>();
  list.forEach((j, i) => {
    const at = `jurisdictions[${i}]`;
    if (!isObject(j)) {
      problems.add(at, 'must be an object');
      return;
    }
    if (typeof j.id !== 'string' || !JURISDICTION_ID.test(j.id)) {
      problems.add(`${at}.id`, `must match ${JURISDICTION_ID}, got ${JSON.stringify(j.id)}`);
    } else if (ids.has(j.id)) {
      problems.add(`${at}.id`, `duplicate jurisdiction id '${j.id}'`);
    } else {
      ids.add(j.id);
    }
    if (typeof j.displayName !== 'string' || j.displayName.trim() === '') {
      problems.add(`${at}.displayName`, 'must be a non-empty string');
    }
    if (!isStringArray(j.regions) || j.regions.length < 2) {
      problems.add(`${at}.regions`, 'must list at least two regions (primary and replica)');
    } else {
      j.regions.forEach((r, k) => {
        if (!REGION.test(r)) problems.add(`${at}.regions[${k}]`, `'${r}' is not an AWS region name`);
        const owner = owners.get(r);
        if (owner !== undefined && owner !== j.id) {
          problems.add(`${at}.regions[${k}]`, `region '${r}' already belongs to jurisdiction '${owner}'`);
        } else {
          owners.set(r, String(j.id));
        }
      });
    }
    if (j.account !== undefined && (typeof j.account !== 'string' || !ACCOUNT.test(j.account))) {
      problems.add(`${at}.account`, `must be a 12-digit AWS account id, got ${JSON.stringify(j.account)}`);
    }
    validateRetention(j, at, problems);
    const vpc = validateNetwork(j, at, problems);
    validateAccess(j, at, vpc, problems);
  });
  // Region placement is checked after every jurisdiction has claimed its regions, so a replica
  // in another jurisdiction is named as such rather than as merely "not listed".
  list.forEach((j, i) => {
    if (isObject(j)) validatePlacement(j, `jurisdictions[${i}]`, owners, problems);
  });
}

function validatePlacement(j: Raw, at: string, owners: Map<string, string>, problems: ProblemCollector): void {
  const regions = isStringArray(j.regions) ? j.regions : [];
  for (const field of ['primaryRegion', 'replicaRegion'] as const) {
    const region = j[field];
    if (typeof region !== 'string' || !REGION.test(region)) {
      problems.add(`${at}.${field}`, `must be an AWS region name, got ${JSON.stringify(region)}`);
      continue;
    }
    if (!regions.includes(region)) {
      const owner = owners.get(region);
      problems.add(
        `${at}.${field}`,
        owner !== undefined && owner !== j.id
          ? `region '${region}' is in jurisdiction '${owner}', outside jurisdiction '${String(j.id)}'`
          : `region '${region}' is outside jurisdiction '${String(j.id)}' (its regions: ${regions.join(', ')})`,
      );
    }
  }
  if (typeof j.primaryRegion === 'string' && j.primaryRegion === j.replicaRegion) {
    problems.add(`${at}.replicaRegion`, 'must differ from primaryRegion, or a regional outage takes both copies');
  }
  if (j.availabilityZones !== undefined) {
    const azs = j.availabilityZones;
    if (!isStringArray(azs) || azs.length < 3 || new Set(azs).size !== azs.length) {
      problems.add(`${at}.availabilityZones`, 'must list at least three distinct availability zones');
    } else {
      azs.forEach((az, k) => {
        if (typeof j.primaryRegion === 'string' && !new RegExp(`^${j.primaryRegion}[a-z]$`).test(az)) {
          problems.add(`${at}.availabilityZones[${k}]`, `'${az}' is not a zone of primary region '${String(j.primaryRegion)}'`);
        }
      });
    }
  }
}

function validateRetention(j: Raw, at: string, problems: ProblemCollector): void {
  if (j.retentionDays === undefined) return;
  if (!isObject(j.retentionDays)) {
    problems.add(`${at}.retentionDays`, 'must be an object of data class to days');
    return;
  }
  for (const [classId, days] of Object.entries(j.retentionDays)) {
    const field = `${at}.retentionDays.${classId}`;
    if (!isDataClassId(classId)) {
      problems.add(field, `unknown data class '${classId}'; known classes: ${DATA_CLASS_IDS.join(', ')}`);
      continue;
    }
    const retention = dataClass(classId).retention;
    if (retention.kind !== 'days') {
      problems.add(field, `data class '${classId}' is kept for the tenancy and has no day-based retention`);
      continue;
    }
    if (typeof days !== 'number' || !Number.isInteger(days) || days < retention.minDays || days > retention.maxDays) {
      problems.add(
        field,
        `retention ${JSON.stringify(days)} days is outside the declared range ${retention.minDays}..${retention.maxDays}`,
      );
    }
  }
}

function validateTermination(termination: unknown, problems: ProblemCollector): void {
  if (termination === undefined) return;
  if (!isObject(termination)) {
    problems.add('termination', 'must be an object');
    return;
  }
  const days = termination.keyDeletionWindowDays;
  if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 7 || days > 30)) {
    problems.add('termination.keyDeletionWindowDays', `must be a whole number of days from 7 to 30 (the range KMS allows), got ${JSON.stringify(days)}`);
  }
  const pitr = termination.pitrRecoveryDays;
  if (pitr !== undefined && (typeof pitr !== 'number' || !Number.isInteger(pitr) || pitr < 1 || pitr > 35)) {
    problems.add('termination.pitrRecoveryDays', `must be a whole number of days from 1 to 35 (the range DynamoDB allows), got ${JSON.stringify(pitr)}`);
  }
}

/** The termination settings of a configuration, defaults filled in. */
export function terminationOf(config: StewardConfig): Required<TerminationConfig> {
  return { ...DEFAULT_TERMINATION, ...config.termination };
}

/** Inclusive integer bounds of the data-rights settings, by field path under the root. */
const DATA_RIGHTS_BOUNDS = {
  supportAccess: { maxGrantHours: [1, 72], maxSessionMinutes: [15, 60] },
  exports: { downloadUrlMinutes: [1, 60] },
} as const;

function validateDataRights(cfg: Raw, problems: ProblemCollector): void {
  for (const [section, fields] of Object.entries(DATA_RIGHTS_BOUNDS)) {
    const value = cfg[section];
    if (value === undefined) continue;
    if (!isObject(value)) {
      problems.add(section, 'must be an object');
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!(key in fields)) problems.add(`${section}.${key}`, `unknown setting; known: ${Object.keys(fields).join(', ')}`);
    }
    for (const [field, [min, max]] of Object.entries(fields)) {
      const n = value[field];
      if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)) {
        problems.add(`${section}.${field}`, `must be an integer in ${min}..${max}, got ${JSON.stringify(n)}`);
      }
    }
  }
}

/** Retention in days for a day-bounded class in a jurisdiction: the override or the declared default. */
export function retentionDaysFor(jurisdiction: JurisdictionConfig, classId: string): number {
  const retention = dataClass(classId).retention;
  if (retention.kind !== 'days') {
    throw new Error(`Data class '${classId}' is kept for the tenancy and has no day-based retention`);
  }
  return jurisdiction.retentionDays?.[classId as keyof typeof jurisdiction.retentionDays] ?? retention.defaultDays;
}

/** The availability zones of the primary region, explicit so synth never looks them up. */
export function availabilityZonesOf(jurisdiction: JurisdictionConfig): string[] {
  return [...(jurisdiction.availabilityZones ?? ['a', 'b', 'c'].map((s) => `${jurisdiction.primaryRegion}${s}`))];
}

/** The support-access bounds of a validated configuration, defaults filled in. */
export function supportAccessOf(config: StewardConfig): Required<SupportAccessConfig> {
  return { ...DEFAULT_SUPPORT_ACCESS, ...config.supportAccess };
}

/** The export-delivery settings of a validated configuration, defaults filled in. */
export function exportsOf(config: StewardConfig): Required<ExportsConfig> {
  return { ...DEFAULT_EXPORTS, ...config.exports };
}

/** Checks `network`; returns the VPC block (configured or default) when it is usable. */
function validateNetwork(j: Raw, at: string, problems: ProblemCollector): Ipv4Block | undefined {
  if (j.network === undefined) return parseIpv4Cidr(DEFAULT_NETWORK.vpcCidr) as Ipv4Block;
  if (!isObject(j.network)) {
    problems.add(`${at}.network`, 'must be an object with vpcCidr');
    return undefined;
  }
  const block = parseIpv4Cidr(j.network.vpcCidr);
  if (typeof block === 'string') {
    problems.add(`${at}.network.vpcCidr`, block);
    return undefined;
  }
  if (block.prefix < 16 || block.prefix > 22 || !isPrivate(block)) {
    problems.add(`${at}.network.vpcCidr`, `'${String(j.network.vpcCidr)}' must be a private (RFC 1918) block of /16 to /22`);
    return undefined;
  }
  return block;
}

function validateAccess(j: Raw, at: string, vpc: Ipv4Block | undefined, problems: ProblemCollector): void {
  if (j.access === undefined) {
    // The default VPN client range must still fit beside the configured VPC.
    const clients = parseIpv4Cidr(DEFAULT_VPN_CLIENT_CIDR) as Ipv4Block;
    if (vpc && overlaps(clients, vpc)) {
      problems.add(`${at}.network.vpcCidr`, `overlaps the default VPN client range ${DEFAULT_VPN_CLIENT_CIDR}; configure access.vpn.clientCidr`);
    }
    return;
  }
  const a = j.access;
  if (!isObject(a)) {
    problems.add(`${at}.access`, 'must be an object with operators, vpn, frontEnd and portalMfa');
    return;
  }
  validateOperators(a.operators, `${at}.access.operators`, problems);
  // Certificates are compared with the primary region only once that region is itself valid,
  // so one wrong region is reported once rather than once per certificate.
  const primaryIsValid =
    typeof j.primaryRegion === 'string' && isStringArray(j.regions) && j.regions.includes(j.primaryRegion);
  const region = primaryIsValid ? (j.primaryRegion as string) : undefined;
  if (!isObject(a.vpn)) {
    problems.add(`${at}.access.vpn`, 'must be an object with serverCertificateArn, clientRootCertificateArn and clientCidr');
  } else {
    for (const field of ['serverCertificateArn', 'clientRootCertificateArn'] as const) {
      validateCertificateArn(a.vpn[field], `${at}.access.vpn.${field}`, region, problems);
    }
    const clients = parseIpv4Cidr(a.vpn.clientCidr);
    if (typeof clients === 'string') {
      problems.add(`${at}.access.vpn.clientCidr`, clients);
    } else if (clients.prefix < 12 || clients.prefix > 22) {
      problems.add(`${at}.access.vpn.clientCidr`, `Client VPN needs a block of /12 to /22, got /${clients.prefix}`);
    } else if (vpc && overlaps(clients, vpc)) {
      problems.add(`${at}.access.vpn.clientCidr`, 'overlaps the VPC CIDR; operators would not reach the bastion');
    }
  }
  if (!isObject(a.frontEnd)) {
    problems.add(`${at}.access.frontEnd`, 'must be an object with allowedPorts, deviceSshPort and certificate ARNs');
  } else {
    validateFrontEnd(a.frontEnd, `${at}.access.frontEnd`, region, problems);
  }
  if (typeof a.portalMfa !== 'string' || !PORTAL_MFA.includes(a.portalMfa)) {
    problems.add(`${at}.access.portalMfa`, `must be one of ${PORTAL_MFA.join(', ')}, got ${JSON.stringify(a.portalMfa)}`);
  }
}

function validateOperators(operators: unknown, at: string, problems: ProblemCollector): void {
  if (!Array.isArray(operators)) {
    problems.add(at, 'must be a list of { name, sshPublicKey } (empty for no operators)');
    return;
  }
  const names = new Map<string, number>();
  const keys = new Map<string, number>();
  operators.forEach((op, i) => {
    if (!isObject(op)) {
      problems.add(`${at}[${i}]`, 'must be an object { name, sshPublicKey }');
      return;
    }
    if (typeof op.name !== 'string' || !OPERATOR_NAME.test(op.name)) {
      problems.add(`${at}[${i}].name`, `must match ${OPERATOR_NAME} (a Linux account name), got ${JSON.stringify(op.name)}`);
    } else if (SYSTEM_ACCOUNTS.has(op.name)) {
      problems.add(`${at}[${i}].name`, `'${op.name}' is a system account name; give the operator their own name`);
    } else if (names.has(op.name)) {
      problems.add(`${at}[${i}].name`, `duplicate operator name '${op.name}' (also operators[${names.get(op.name)}]); one account per person`);
    } else {
      names.set(op.name, i);
    }
    const keyProblem = sshPublicKeyProblem(op.sshPublicKey);
    if (keyProblem) {
      problems.add(`${at}[${i}].sshPublicKey`, keyProblem);
    } else {
      const material = sshKeyMaterial(op.sshPublicKey as string);
      const owner = keys.get(material);
      if (owner !== undefined) {
        problems.add(`${at}[${i}].sshPublicKey`, `same key as operators[${owner}]; shared keys are not allowed`);
      } else {
        keys.set(material, i);
      }
    }
  });
}

function validateCertificateArn(value: unknown, at: string, region: string | undefined, problems: ProblemCollector): void {
  const match = typeof value === 'string' ? /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(value) : null;
  if (!match) {
    problems.add(at, `must be an ACM certificate ARN, got ${JSON.stringify(value)}`);
  } else if (region !== undefined && match[1] !== region) {
    problems.add(at, `certificate is in '${match[1]}'; it must be in the primary region '${region}'`);
  }
}

function validateFrontEnd(f: Raw, at: string, region: string | undefined, problems: ProblemCollector): void {
  for (const field of ['portalCertificateArn', 'syslogCertificateArn'] as const) {
    validateCertificateArn(f[field], `${at}.${field}`, region, problems);
  }
  const isPort = (p: unknown): p is number => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
  if (!isPort(f.deviceSshPort)) {
    problems.add(`${at}.deviceSshPort`, `must be a port number 1..65535, got ${JSON.stringify(f.deviceSshPort)}`);
    return;
  }
  if (!Array.isArray(f.allowedPorts) || !f.allowedPorts.every(isPort)) {
    problems.add(`${at}.allowedPorts`, 'must be a list of port numbers 1..65535');
    return;
  }
  const listeners = frontEndListeners(f as unknown as FrontEndConfig);
  const taken = new Map<number, string>();
  for (const l of listeners) {
    const other = taken.get(l.port);
    if (other) problems.add(`${at}.deviceSshPort`, `port ${l.port} is already the ${other} port`);
    taken.set(l.port, l.purpose);
    if (!f.allowedPorts.includes(l.port)) {
      problems.add(`${at}.allowedPorts`, `listener port ${l.port} (${l.purpose}) is not in allowedPorts [${f.allowedPorts.join(', ')}]`);
    }
  }
  f.allowedPorts.forEach((p, k) => {
    if (!taken.has(p)) problems.add(`${at}.allowedPorts[${k}]`, `port ${p} has no front-end listener; list only ports that are served`);
  });
}

/** A port the front end listens on, and what for. */
export interface FrontEndListener {
  readonly port: number;
  readonly purpose: string;
}

/** Fixed listener ports: the portal (HTTPS), its HTTP-to-HTTPS redirect, syslog over TLS (RFC 5425). */
export const FRONT_END_FIXED_PORTS = { portalHttps: 443, httpRedirect: 80, syslogTls: 6514 } as const;

/** Every port the front end listens on, so validation and the stack agree on one list. */
export function frontEndListeners(f: Pick<FrontEndConfig, 'deviceSshPort'>): FrontEndListener[] {
  return [
    { port: FRONT_END_FIXED_PORTS.portalHttps, purpose: 'portal HTTPS' },
    { port: FRONT_END_FIXED_PORTS.httpRedirect, purpose: 'HTTP redirect to HTTPS' },
    { port: FRONT_END_FIXED_PORTS.syslogTls, purpose: 'syslog over TLS' },
    { port: f.deviceSshPort, purpose: 'device SSH' },
  ];
}

/** The jurisdiction's network, configured or default. */
export function networkOf(jurisdiction: JurisdictionConfig): NetworkConfig {
  return jurisdiction.network ?? DEFAULT_NETWORK;
}

/** The jurisdiction's access settings, configured or default (placeholders, no operators). */
export function accessOf(jurisdiction: JurisdictionConfig): AccessConfig {
  return jurisdiction.access ?? defaultAccess(jurisdiction.primaryRegion);
}
