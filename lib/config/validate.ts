import { DATA_CLASS_IDS, dataClass, isDataClassId } from '../inventory/data-classes';
import { ProblemCollector } from './config-error';
import { DEFAULT_EXPORTS, DEFAULT_SUPPORT_ACCESS, DEFAULT_TERMINATION } from './defaults';
import type { ExportsConfig, JurisdictionConfig, StewardConfig, SupportAccessConfig, TerminationConfig } from './types';

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const JURISDICTION_ID = /^[a-z]{2,8}$/;
const APP_NAME = /^[a-z][a-z0-9-]{1,14}$/;
const ACCOUNT = /^\d{12}$/;

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
