import { ConfigValidationError } from '../../lib/config/config-error';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { loadConfig } from '../../lib/config/load';
import type { JurisdictionConfig, StewardConfig } from '../../lib/config/types';
import { retentionDaysFor, validateConfig } from '../../lib/config/validate';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { problemsOf } from '../support/config-problems';
import { testTempDir } from '../support/temp';

const [EU, US] = DEFAULT_CONFIG.jurisdictions;

function withEu(change: Partial<JurisdictionConfig> & Record<string, unknown>): StewardConfig {
  return { ...DEFAULT_CONFIG, jurisdictions: [{ ...EU, ...change }, US] };
}

/** The problems validation reports, as `field: message` lines. */
describe('validateConfig', () => {
  test('accepts the default EU + US configuration and resolves every default', () => {
    const resolved = validateConfig(DEFAULT_CONFIG);
    expect(resolved.appName).toBe('steward');
    expect(resolved.termination).toEqual({
      keyDeletionWindowDays: 7, pitrRecoveryDays: 7, purgeConcurrency: 8, shardsPerBucket: 8, runTimeoutHours: 72,
    });
    expect(resolved.jurisdictions.map((j) => [j.id, j.area, j.regions, j.availabilityZones])).toEqual(
      DEFAULT_CONFIG.jurisdictions.map((j) => [j.id, j.id, j.regions, j.availabilityZones]),
    );
    expect(resolved.jurisdictions[0].retentionDays['access-logs']).toBe(30);
  });

  test('refuses a primary region outside its jurisdiction', () => {
    expect(problemsOf(withEu({ primaryRegion: 'ap-southeast-2', availabilityZones: undefined }))).toEqual([
      expect.stringMatching(/^jurisdictions\[0\]\.primaryRegion: region 'ap-southeast-2' is outside jurisdiction 'eu'/),
    ]);
  });

  test('refuses a replica region that belongs to another jurisdiction, naming it', () => {
    expect(problemsOf(withEu({ replicaRegion: 'us-west-2' }))).toEqual([
      "jurisdictions[0].replicaRegion: region 'us-west-2' is in jurisdiction 'us', outside jurisdiction 'eu'",
    ]);
  });

  test('refuses London and Zurich as EU regions: they are outside the Union', () => {
    expect(problemsOf(withEu({ replicaRegion: 'eu-west-2' }))).toEqual([
      expect.stringContaining("jurisdictions[0].replicaRegion: region 'eu-west-2' is outside jurisdiction 'eu'"),
    ]);
  });

  test('refuses a replica equal to the primary', () => {
    expect(problemsOf(withEu({ replicaRegion: 'eu-central-1' }))).toEqual([
      expect.stringMatching(/^jurisdictions\[0\]\.replicaRegion: must differ from primaryRegion/),
    ]);
  });

  test('refuses a region claimed by two jurisdictions', () => {
    const west = {
      ...US,
      id: 'usw',
      area: 'us',
      regions: ['us-west-2', 'us-east-2'],
      primaryRegion: 'us-east-2',
      replicaRegion: 'us-west-2',
      availabilityZones: undefined,
      network: { vpcCidr: '10.30.0.0/16' },
      access: undefined,
    };
    expect(problemsOf({ ...DEFAULT_CONFIG, jurisdictions: [EU, US, west] })).toEqual([
      "jurisdictions[2].regions[0]: region 'us-west-2' already belongs to jurisdiction 'us'",
      "jurisdictions[2].regions[1]: region 'us-east-2' already belongs to jurisdiction 'us'",
    ]);
  });

  test('refuses a retention outside the declared range', () => {
    expect(problemsOf(withEu({ retentionDays: { 'access-logs': 31 } }))).toEqual([
      'jurisdictions[0].retentionDays.access-logs: retention 31 days is outside the declared range 1..30',
    ]);
    expect(problemsOf(withEu({ retentionDays: { 'config-cache': 2 } }))).toEqual([
      'jurisdictions[0].retentionDays.config-cache: retention 2 days is outside the declared range 1..1',
    ]);
    expect(problemsOf(withEu({ retentionDays: { 'data-access-trail': 89 } }))).toEqual([
      'jurisdictions[0].retentionDays.data-access-trail: retention 89 days is outside the declared range 90..2190',
    ]);
    expect(problemsOf(withEu({ retentionDays: { 'data-access-trail': 2191 } }))).toHaveLength(1);
    expect(problemsOf(withEu({ retentionDays: { 'device-logs': 0 } }))).toHaveLength(1);
    expect(problemsOf(withEu({ retentionDays: { 'device-logs': 2.5 } }))).toHaveLength(1);
  });

  test('refuses a day-based retention for a class kept for the tenancy', () => {
    expect(problemsOf(withEu({ retentionDays: { 'config-backups': 10 } }))).toEqual([
      "jurisdictions[0].retentionDays.config-backups: data class 'config-backups' is kept for the tenancy and has no day-based retention",
    ]);
  });

  test('refuses an unknown data class', () => {
    expect(problemsOf(withEu({ retentionDays: { 'packet-captures': 3 } as never }))).toEqual([
      expect.stringMatching(
        /^jurisdictions\[0\]\.retentionDays\.packet-captures: unknown data class 'packet-captures'; did you mean '[a-z-]+'\? \(valid: tenant-registry, /,
      ),
    ]);
  });

  test('refuses availability zones outside the primary region or fewer than three', () => {
    expect(problemsOf(withEu({ availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-west-1c'] }))).toEqual([
      "jurisdictions[0].availabilityZones[2]: 'eu-west-1c' is not a zone of primary region 'eu-central-1' (its zones: eu-central-1a, " +
        'eu-central-1b, eu-central-1c)',
    ]);
    expect(problemsOf(withEu({ availabilityZones: ['eu-central-1a', 'eu-central-1a', 'eu-central-1b'] }))).toEqual([
      'jurisdictions[0].availabilityZones: must list at least three distinct availability zones',
    ]);
  });

  test('refuses malformed ids, names, accounts and regions', () => {
    const problems = problemsOf({
      appName: 'Steward!',
      jurisdictions: [
        { ...EU, id: 'EU', displayName: ' ', account: '1234', regions: ['eu-central-1', 'mars-1'] },
        { ...US, id: 'us' },
        {
          ...US,
          id: 'us',
          area: 'ca',
          regions: ['ca-central-1', 'ca-west-1'],
          primaryRegion: 'ca-central-1',
          replicaRegion: 'ca-west-1',
          availabilityZones: undefined,
          access: undefined,
        },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^appName: /),
        expect.stringMatching(/^jurisdictions\[0\]\.id: /),
        'jurisdictions[0].displayName: must be a non-empty string',
        'jurisdictions[0].account: must be a 12-digit AWS account id, got "1234"',
        "jurisdictions[0].regions[1]: unknown AWS region 'mars-1'; did you mean 'ca-west-1'? (see lib/config/region-catalogue.ts)",
        "jurisdictions[2].id: duplicate jurisdiction id 'us'",
      ]),
    );
  });

  test('reports every problem of a configuration at once', () => {
    const error = (() => {
      try {
        validateConfig(
          withEu({ primaryRegion: 'us-east-1', replicaRegion: 'ap-south-1', retentionDays: { 'access-logs': 90, nope: 1 } as never }),
        );
      } catch (e) {
        return e as ConfigValidationError;
      }
      throw new Error('expected a ConfigValidationError');
    })();
    expect(error.problems.map((p) => p.field)).toEqual([
      'jurisdictions[0].retentionDays.access-logs',
      'jurisdictions[0].retentionDays.nope',
      'jurisdictions[0].primaryRegion',
      'jurisdictions[0].replicaRegion',
      'jurisdictions[0].availabilityZones[0]',
      'jurisdictions[0].availabilityZones[1]',
      'jurisdictions[0].availabilityZones[2]',
    ]);
    expect(error.message).toMatch(/^Invalid steward configuration \(7 problems\):\n {2}- jurisdictions\[0\]\.retentionDays\.access-logs: /);
  });

  test('refuses a configuration that is not an object or has no jurisdictions', () => {
    expect(problemsOf(null)).toEqual(['(root): configuration must be an object']);
    expect(problemsOf({ appName: 'steward', jurisdictions: [] })).toEqual([
      'jurisdictions: must list at least one jurisdiction, got a list []',
    ]);
  });
});

describe('resolved settings', () => {
  const resolvedEu = (change: Partial<JurisdictionConfig>) => validateConfig(withEu(change)).jurisdictions[0];

  test('retention is the override or the declared default', () => {
    expect(retentionDaysFor(resolvedEu({}), 'access-logs')).toBe(30);
    expect(retentionDaysFor(resolvedEu({ retentionDays: { 'access-logs': 7 } }), 'access-logs')).toBe(7);
    expect(() => retentionDaysFor(resolvedEu({}), 'config-backups')).toThrow(/kept for the tenancy/);
  });

  test('availability zones default to the first three catalogue zones of the primary region', () => {
    expect(resolvedEu({ availabilityZones: undefined }).availabilityZones).toEqual(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
  });
});

describe('loadConfig', () => {
  const dir = testTempDir('steward-config-');

  test('without a path, loads the default configuration', () => {
    expect(loadConfig(undefined)).toEqual(validateConfig(DEFAULT_CONFIG));
  });

  test('loads and validates a JSON file, so more jurisdictions come by config', () => {
    const file = join(dir, 'three.json');
    const ca = {
      id: 'ca',
      displayName: 'Canada',
      primaryRegion: 'ca-central-1',
      replicaRegion: 'ca-west-1',
      network: { vpcCidr: '10.30.0.0/16' },
    };
    writeFileSync(file, JSON.stringify({ ...DEFAULT_CONFIG, jurisdictions: [...DEFAULT_CONFIG.jurisdictions, ca] }));
    expect(loadConfig(file).jurisdictions.map((j) => j.id)).toEqual(['eu', 'us', 'ca']);
  });

  test('names the file when it cannot be read or parsed', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    expect(() => loadConfig(file)).toThrow(/^stewardConfig: cannot read configuration file '.*broken\.json'/);
  });

  test('refuses an invalid file with the field named', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(withEu({ replicaRegion: 'us-east-2' })));
    expect(() => loadConfig(file)).toThrow(/jurisdictions\[0\]\.replicaRegion: region 'us-east-2' is in jurisdiction 'us'/);
  });
});

describe('data-rights settings', () => {
  test('default to 24-hour grants, 30-minute sessions and 15-minute download links', () => {
    const config = validateConfig(DEFAULT_CONFIG);
    expect(config.supportAccess).toEqual({ maxGrantHours: 24, maxSessionMinutes: 30 });
    expect(config.exports).toEqual({ downloadUrlMinutes: 15 });
  });

  test('accept values at the bounds and fill in the rest', () => {
    const config = validateConfig({ ...DEFAULT_CONFIG, supportAccess: { maxGrantHours: 72 }, exports: { downloadUrlMinutes: 60 } });
    expect(config.supportAccess).toEqual({ maxGrantHours: 72, maxSessionMinutes: 30 });
    expect(config.exports.downloadUrlMinutes).toBe(60);
  });

  test('refuse every out-of-range or unknown setting at once, naming each field', () => {
    expect(
      problemsOf({
        ...DEFAULT_CONFIG,
        supportAccess: { maxGrantHours: 73, maxSessionMinutes: 10, standing: true },
        exports: { downloadUrlMinutes: 0 },
      }),
    ).toEqual([
      "supportAccess.standing: unknown field 'standing'; did you mean 'maxGrantHours'? (valid: maxGrantHours, maxSessionMinutes)",
      'supportAccess.maxGrantHours: must be a whole number of hours from 1 to 72, got 73',
      'supportAccess.maxSessionMinutes: must be a whole number of minutes from 15 to 60 (STS refuses sessions under 15 minutes), got 10',
      'exports.downloadUrlMinutes: must be a whole number of minutes from 1 to 60, got 0',
    ]);
  });

  test('refuse a section that is not an object', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, supportAccess: 24 })).toEqual(['supportAccess: must be an object, got 24']);
  });
});
