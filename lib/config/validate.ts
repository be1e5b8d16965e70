import { DATA_CLASSES, DATA_CLASS_IDS, dataClass, isDataClassId } from '../inventory/data-classes';
import { isPrivate, overlaps, parseIpv4Cidr, type Ipv4Block } from './cidr';
import { ProblemCollector } from './config-error';
import {
  DEFAULT_EXPORTS, DEFAULT_NETWORK, DEFAULT_SUPPORT_ACCESS, DEFAULT_TERMINATION, DEFAULT_VPN_CLIENT_CIDR, defaultAccess,
} from './defaults';
import { fieldNames, refuseUnknownFields, unknownNameMessage } from './field-names';
import {
  AREA_IDS, AREAS, REGION_NAMES, areaOfRegion, catalogueRegion, isAreaId, isRegionName, regionsOfArea, usableZoneCount, zonesOf,
  type AreaId, type RegionName,
} from './region-catalogue';
import type { ResolvedJurisdiction, ResolvedStewardConfig } from './resolved';
import { sshKeyMaterial, sshPublicKeyProblem } from './ssh-public-key';
import type {
  AccessConfig, FrontEndConfig, JurisdictionConfig, NetworkConfig, OperatorConfig, StewardConfig, VpnConfig,
} from './types';
import { LIMITS } from '../vocabulary';

const JURISDICTION_ID = /^[a-z]{2,8}$/;
const APP_NAME = /^[a-z][a-z0-9-]{1,14}$/;
const ACCOUNT = /^\d{12}$/;
const OPERATOR_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
/** Accounts that exist on every Amazon Linux host; an operator must never take one over. */
const SYSTEM_ACCOUNTS = new Set(['root', 'ec2-user', 'ssm-user', 'admin', 'bin', 'daemon', 'nobody', 'sshd', 'operator']);
const PORTAL_MFA = ['optional', 'required'];
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;

/** The field names of every config object; the compiler keeps each list equal to its type. */
const FIELDS = {
  root: fieldNames<StewardConfig>({
    $schema: true, appName: true, jurisdictions: true, termination: true, supportAccess: true, exports: true,
  }),
  jurisdiction: fieldNames<JurisdictionConfig>({
    id: true, displayName: true, area: true, regions: true, primaryRegion: true, replicaRegion: true,
    availabilityZones: true, account: true, retentionDays: true, network: true, access: true,
  }),
  network: fieldNames<NetworkConfig>({ vpcCidr: true }),
  access: fieldNames<AccessConfig>({ operators: true, vpn: true, frontEnd: true, portalMfa: true }),
  operator: fieldNames<OperatorConfig>({ name: true, sshPublicKey: true }),
  vpn: fieldNames<VpnConfig>({ serverCertificateArn: true, clientRootCertificateArn: true, clientCidr: true }),
  frontEnd: fieldNames<FrontEndConfig>({ allowedPorts: true, deviceSshPort: true, portalCertificateArn: true, syslogCertificateArn: true }),
};

/**
 * Inclusive integer bounds of the flat numeric sections at the root, by section and field. The
 * compiler keeps each section's fields equal to its type; the bounds match the types' JSDoc.
 */
const SECTION_BOUNDS: {
  readonly [S in 'termination' | 'supportAccess' | 'exports']-?: {
    readonly [F in keyof Required<NonNullable<StewardConfig[S]>>]: IntegerRule;
  };
} = {
  termination: {
    keyDeletionWindowDays: { ...LIMITS.keyDeletionWindowDays, unit: 'days', why: 'the range KMS allows' },
    pitrRecoveryDays: { min: 1, max: 35, unit: 'days', why: 'the range DynamoDB allows' },
    purgeConcurrency: {
      ...LIMITS.purgeConcurrency, unit: 'child executions', why: 'the purge function reserves 4 times that, at most 100',
    },
    shardsPerBucket: {
      ...LIMITS.shardsPerBucket, unit: 'shards', why: "the workflow also refuses more than its state holds for the jurisdiction's buckets",
    },
    runTimeoutHours: {
      ...LIMITS.runTimeoutHours, unit: 'hours',
      why: 'a throttled step is retried for about 3 hours; a Standard workflow runs a year at most',
    },
  },
  supportAccess: {
    maxGrantHours: { ...LIMITS.supportGrantHours, unit: 'hours' },
    maxSessionMinutes: { ...LIMITS.supportSessionMinutes, unit: 'minutes', why: 'STS refuses sessions under 15 minutes' },
  },
  exports: { downloadUrlMinutes: { ...LIMITS.downloadUrlMinutes, unit: 'minutes' } },
};

interface IntegerRule {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  readonly why?: string;
}

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A value as a message shows it, with its JSON type when that is the problem (`the string "14"`). */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return `a list ${JSON.stringify(v)}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v) ?? String(v);
}

/**
 * Checks a whole number: its type first (a string `"14"` is a type error, not a range error),
 * then that it is whole, then the range. Returns whether it is usable.
 */
function checkInteger(value: unknown, at: string, rule: IntegerRule, problems: ProblemCollector, rangeMessage?: string): value is number {
  if (typeof value !== 'number') {
    problems.add(at, `must be a number (${rule.unit}), got ${describeValue(value)}`);
    return false;
  }
  if (!Number.isInteger(value) || value < rule.min || value > rule.max) {
    problems.add(
      at,
      rangeMessage ??
        `must be a whole number of ${rule.unit} from ${rule.min} to ${rule.max}${rule.why ? ` (${rule.why})` : ''}, got ${value}`,
    );
    return false;
  }
  return true;
}

/**
 * Checks a configuration (typed or parsed from JSON) and returns it resolved: every default
 * filled in, so stacks never choose one. Every problem is collected first, then all are thrown
 * together in one ConfigValidationError.
 */
export function validateConfig(raw: unknown): ResolvedStewardConfig {
  const problems = new ProblemCollector();
  if (!isObject(raw)) {
    problems.add('(root)', 'configuration must be an object');
    problems.throwIfAny();
  }
  const cfg = raw as Raw;
  refuseUnknownFields(cfg, FIELDS.root, '', problems);
  if (cfg.$schema !== undefined && typeof cfg.$schema !== 'string') {
    problems.add('$schema', `must be a string (the schema's path or URL), got ${describeValue(cfg.$schema)}`);
  }
  if (typeof cfg.appName !== 'string') {
    problems.add(
      'appName',
      `is required: a string, lower-case, 2..15 characters (the default app uses "steward"), got ${describeValue(cfg.appName)}`,
    );
  } else if (!APP_NAME.test(cfg.appName)) {
    problems.add('appName', `must match ${APP_NAME} (lower-case, 2..15 characters), got ${JSON.stringify(cfg.appName)}`);
  }
  if (!Array.isArray(cfg.jurisdictions) || cfg.jurisdictions.length === 0) {
    problems.add('jurisdictions', `must list at least one jurisdiction, got ${describeValue(cfg.jurisdictions)}`);
  } else {
    validateJurisdictions(cfg.jurisdictions, problems);
  }
  validateSections(cfg, problems);
  problems.throwIfAny();
  return resolveConfig(cfg as unknown as StewardConfig);
}

/** The configuration with every default filled in; only called once validation found nothing. */
function resolveConfig(config: StewardConfig): ResolvedStewardConfig {
  return {
    appName: config.appName,
    jurisdictions: config.jurisdictions.map(resolveJurisdiction),
    termination: { ...DEFAULT_TERMINATION, ...config.termination },
    supportAccess: { ...DEFAULT_SUPPORT_ACCESS, ...config.supportAccess },
    exports: { ...DEFAULT_EXPORTS, ...config.exports },
  };
}

function resolveJurisdiction(j: JurisdictionConfig): ResolvedJurisdiction {
  const area = (j.area ?? j.id) as AreaId;
  const primaryRegion = j.primaryRegion as RegionName;
  return {
    id: j.id,
    displayName: j.displayName,
    account: j.account,
    area,
    regions: [...((j.regions ?? regionsOfArea(area)) as RegionName[])],
    primaryRegion,
    replicaRegion: j.replicaRegion as RegionName,
    availabilityZones: [...(j.availabilityZones ?? zonesOf(primaryRegion).slice(0, 3))],
    retentionDays: Object.fromEntries(
      DATA_CLASSES.flatMap((c) =>
        c.retention.kind === 'days' ? [[c.id, j.retentionDays?.[c.id] ?? c.retention.defaultDays]] : [],
      ),
    ),
    network: j.network ?? DEFAULT_NETWORK,
    access: j.access ?? defaultAccess(primaryRegion),
  };
}

function validateJurisdictions(list: unknown[], problems: ProblemCollector): void {
  const owners = new Map<string, string>();
  const ids = new Set<string>();
  list.forEach((j, i) => {
    const at = `jurisdictions[${i}]`;
    if (!isObject(j)) {
      problems.add(at, `must be an object, got ${describeValue(j)}`);
      return;
    }
    refuseUnknownFields(j, FIELDS.jurisdiction, at, problems);
    if (typeof j.id !== 'string' || !JURISDICTION_ID.test(j.id)) {
      problems.add(`${at}.id`, `must match ${JURISDICTION_ID}, got ${describeValue(j.id)}`);
    } else if (ids.has(j.id)) {
      problems.add(`${at}.id`, `duplicate jurisdiction id '${j.id}'`);
    } else {
      ids.add(j.id);
    }
    if (typeof j.displayName !== 'string' || j.displayName.trim() === '') {
      problems.add(`${at}.displayName`, 'must be a non-empty string');
    }
    const area = validateArea(j, at, problems);
    const regions = validateRegions(j, at, area, problems);
    regions.forEach(({ region, field }) => {
      const owner = owners.get(region);
      if (owner !== undefined && owner !== j.id) {
        problems.add(field, `region '${region}' already belongs to jurisdiction '${owner}'`);
      } else {
        owners.set(region, String(j.id));
      }
    });
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

/** The catalogue area of a jurisdiction (`area`, or its id), when it is one. */
function validateArea(j: Raw, at: string, problems: ProblemCollector): AreaId | undefined {
  if (j.area !== undefined) {
    if (typeof j.area !== 'string') {
      problems.add(`${at}.area`, `must be a string, got ${describeValue(j.area)}`);
      return undefined;
    }
    if (!isAreaId(j.area)) {
      problems.add(`${at}.area`, unknownNameMessage('area', j.area, AREA_IDS));
      return undefined;
    }
    return j.area;
  }
  if (isAreaId(j.id)) return j.id;
  if (typeof j.id === 'string' && JURISDICTION_ID.test(j.id)) {
    problems.add(`${at}.area`, `is required when the id '${j.id}' is not an area of the region catalogue; one of ${AREA_IDS.join(', ')}`);
  }
  return undefined;
}

/** Checks `regions` against the catalogue and the area; returns the usable ones with their field paths. */
function validateRegions(
  j: Raw,
  at: string,
  area: AreaId | undefined,
  problems: ProblemCollector,
): { region: RegionName; field: string }[] {
  if (j.regions === undefined) {
    return area === undefined ? [] : regionsOfArea(area).map((region) => ({ region, field: `${at}.regions (default of area '${area}')` }));
  }
  if (!isStringArray(j.regions) || j.regions.length < 2) {
    problems.add(`${at}.regions`, `must list at least two regions (primary and replica), got ${describeValue(j.regions)}`);
    return [];
  }
  const usable: { region: RegionName; field: string }[] = [];
  j.regions.forEach((r, k) => {
    const field = `${at}.regions[${k}]`;
    const problem = regionProblem(r, area);
    if (problem) problems.add(field, problem);
    else usable.push({ region: r as RegionName, field });
  });
  return usable;
}

/** Why a name is not a catalogue region of the area, or undefined when it is one. */
function regionProblem(region: string, area: AreaId | undefined): string | undefined {
  if (!isRegionName(region))
    return unknownNameMessage('AWS region', region, REGION_NAMES).replace(/ \(valid: .*\)$/, ' (see lib/config/region-catalogue.ts)');
  if (area !== undefined && !(AREAS[area].countries as readonly string[]).includes(catalogueRegion(region).country)) {
    const other = areaOfRegion(region);
    return (
      `region '${region}' is in ${catalogueRegion(region).location}, ${AREAS[other].displayName} (area '${other}'), outside area ` +
      `'${area}' (${AREAS[area].displayName})`
    );
  }
  return undefined;
}

function validatePlacement(j: Raw, at: string, owners: Map<string, string>, problems: ProblemCollector): void {
  const area = isAreaId(j.area) ? j.area : isAreaId(j.id) && j.area === undefined ? j.id : undefined;
  // Without a region list or a known area there is nothing to place the regions in; that problem is already reported.
  const regions: string[] | undefined = isStringArray(j.regions)
    ? j.regions
    : j.regions === undefined && area
      ? regionsOfArea(area)
      : undefined;
  for (const field of ['primaryRegion', 'replicaRegion'] as const) {
    const region = j[field];
    if (typeof region !== 'string') {
      problems.add(`${at}.${field}`, `must be an AWS region name, got ${describeValue(region)}`);
      continue;
    }
    if (!isRegionName(region)) {
      problems.add(`${at}.${field}`, regionProblem(region, undefined) as string);
      continue;
    }
    if (regions && !regions.includes(region)) {
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
  const primary = isRegionName(j.primaryRegion) ? j.primaryRegion : undefined;
  if (primary && usableZoneCount(primary) < 3) {
    problems.add(
      `${at}.primaryRegion`,
      `'${primary}' offers only ${usableZoneCount(primary)} availability zones to an account; the primary region needs three`,
    );
  }
  if (j.availabilityZones !== undefined) {
    const azs = j.availabilityZones;
    if (!isStringArray(azs) || azs.length < 3 || new Set(azs).size !== azs.length) {
      problems.add(`${at}.availabilityZones`, 'must list at least three distinct availability zones');
    } else if (primary) {
      const zones = zonesOf(primary);
      azs.forEach((az, k) => {
        if (!zones.includes(az)) {
          problems.add(
            `${at}.availabilityZones[${k}]`,
            `'${az}' is not a zone of primary region '${primary}' (its zones: ${zones.join(', ')})`,
          );
        }
      });
    }
  }
}

function validateRetention(j: Raw, at: string, problems: ProblemCollector): void {
  if (j.retentionDays === undefined) return;
  if (!isObject(j.retentionDays)) {
    problems.add(`${at}.retentionDays`, `must be an object of data class to days, got ${describeValue(j.retentionDays)}`);
    return;
  }
  for (const [classId, days] of Object.entries(j.retentionDays)) {
    const field = `${at}.retentionDays.${classId}`;
    if (!isDataClassId(classId)) {
      problems.add(field, unknownNameMessage('data class', classId, DATA_CLASS_IDS));
      continue;
    }
    const retention = dataClass(classId).retention;
    if (retention.kind !== 'days') {
      problems.add(field, `data class '${classId}' is kept for the tenancy and has no day-based retention`);
      continue;
    }
    checkInteger(days, field, { min: retention.minDays, max: retention.maxDays, unit: 'days' }, problems,
      `retention ${JSON.stringify(days)} days is outside the declared range ${retention.minDays}..${retention.maxDays}`);
  }
}

/** Checks the flat numeric sections (termination, supportAccess, exports): unknown fields, types, ranges. */
function validateSections(cfg: Raw, problems: ProblemCollector): void {
  for (const [section, fields] of Object.entries(SECTION_BOUNDS) as [string, Record<string, IntegerRule>][]) {
    const value = cfg[section];
    if (value === undefined) continue;
    if (!isObject(value)) {
      problems.add(section, `must be an object, got ${describeValue(value)}`);
      continue;
    }
    refuseUnknownFields(value, Object.keys(fields), section, problems);
    for (const [field, rule] of Object.entries(fields)) {
      if (value[field] !== undefined) checkInteger(value[field], `${section}.${field}`, rule, problems);
    }
  }
}

/** Retention in days for a day-bounded class in a resolved jurisdiction; a tenancy class is a programming error. */
export function retentionDaysFor(jurisdiction: ResolvedJurisdiction, classId: string): number {
  const days = jurisdiction.retentionDays[classId as keyof ResolvedJurisdiction['retentionDays']];
  if (days === undefined) {
    throw new Error(`Data class '${classId}' is kept for the tenancy and has no day-based retention`);
  }
  return days;
}

/** Checks `network`; returns the VPC block (configured or default) when it is usable. */
function validateNetwork(j: Raw, at: string, problems: ProblemCollector): Ipv4Block | undefined {
  if (j.network === undefined) return parseIpv4Cidr(DEFAULT_NETWORK.vpcCidr) as Ipv4Block;
  if (!isObject(j.network)) {
    problems.add(`${at}.network`, `must be an object with vpcCidr, got ${describeValue(j.network)}`);
    return undefined;
  }
  refuseUnknownFields(j.network, FIELDS.network, `${at}.network`, problems);
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
      problems.add(
        `${at}.network.vpcCidr`,
        `overlaps the default VPN client range ${DEFAULT_VPN_CLIENT_CIDR}; configure access.vpn.clientCidr`,
      );
    }
    return;
  }
  const a = j.access;
  if (!isObject(a)) {
    problems.add(`${at}.access`, 'must be an object with operators, vpn, frontEnd and portalMfa');
    return;
  }
  refuseUnknownFields(a, FIELDS.access, `${at}.access`, problems);
  validateOperators(a.operators, `${at}.access.operators`, problems);
  // Certificates are compared with the primary region only once that region is itself valid,
  // so one wrong region is reported once rather than once per certificate.
  const primaryIsValid =
    typeof j.primaryRegion === 'string' && isStringArray(j.regions) && j.regions.includes(j.primaryRegion);
  const region = primaryIsValid || (j.regions === undefined && isRegionName(j.primaryRegion)) ? (j.primaryRegion as string) : undefined;
  if (!isObject(a.vpn)) {
    problems.add(`${at}.access.vpn`, 'must be an object with serverCertificateArn, clientRootCertificateArn and clientCidr');
  } else {
    refuseUnknownFields(a.vpn, FIELDS.vpn, `${at}.access.vpn`, problems);
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
    refuseUnknownFields(a.frontEnd, FIELDS.frontEnd, `${at}.access.frontEnd`, problems);
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
    refuseUnknownFields(op, FIELDS.operator, `${at}[${i}]`, problems);
    if (typeof op.name !== 'string' || !OPERATOR_NAME.test(op.name)) {
      problems.add(`${at}[${i}].name`, `must match ${OPERATOR_NAME} (a Linux account name), got ${JSON.stringify(op.name)}`);
    } else if (SYSTEM_ACCOUNTS.has(op.name)) {
      problems.add(`${at}[${i}].name`, `'${op.name}' is a system account name; give the operator their own name`);
    } else if (names.has(op.name)) {
      problems.add(
        `${at}[${i}].name`,
        `duplicate operator name '${op.name}' (also operators[${names.get(op.name)}]); one account per person`,
      );
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
  const match = typeof value === 'string' ? CERTIFICATE_ARN.exec(value) : null;
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
