import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { AREAS, AWS_REGIONS, REGION_NAMES, areaOfRegion, regionsOfArea, usableZoneCount, zonesOf } from '../../lib/config/region-catalogue';
import type { JurisdictionConfig, StewardConfig } from '../../lib/config/types';
import { validateConfig } from '../../lib/config/validate';
import { problemsOf } from '../support/config-problems';

const CANADA: JurisdictionConfig = {
  id: 'ca',
  displayName: 'Canada',
  primaryRegion: 'ca-central-1',
  replicaRegion: 'ca-west-1',
  network: { vpcCidr: '10.30.0.0/16' },
};

function withCanada(change: Partial<JurisdictionConfig> & Record<string, unknown>): StewardConfig {
  return { ...DEFAULT_CONFIG, jurisdictions: [...DEFAULT_CONFIG.jurisdictions, { ...CANADA, ...change }] };
}

describe('the region catalogue', () => {
  test('every region belongs to exactly one area, and every area has a region', () => {
    for (const region of REGION_NAMES) {
      const areas = Object.entries(AREAS).filter(([, a]) => (a.countries as readonly string[]).includes(AWS_REGIONS[region].country));
      expect(areas).toHaveLength(1);
    }
    for (const area of Object.keys(AREAS) as (keyof typeof AREAS)[]) expect(regionsOfArea(area).length).toBeGreaterThan(0);
  });

  test('zone names are the real ones, not <region>a, b, c', () => {
    expect(zonesOf('ca-central-1')).toEqual(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
    expect(zonesOf('ap-northeast-1')).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
    expect(usableZoneCount('us-west-1')).toBe(2);
  });

  test('London and Zurich are not in the EU area', () => {
    expect(regionsOfArea('eu')).not.toContain('eu-west-2');
    expect(regionsOfArea('eu')).not.toContain('eu-central-2');
    expect(areaOfRegion('eu-west-2')).toBe('uk');
  });
});

describe('jurisdiction regions and zones are checked against the catalogue', () => {
  test('a Canadian jurisdiction with defaults gets the catalogue regions and real zones of ca-central-1', () => {
    const ca = validateConfig(withCanada({})).jurisdictions[2];
    expect(ca.area).toBe('ca');
    expect(ca.regions).toEqual(['ca-central-1', 'ca-west-1']);
    expect(ca.availabilityZones).toEqual(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
  });

  test('refuses a misspelled region (ca-wset-1), naming the nearest real one', () => {
    expect(problemsOf(withCanada({ regions: ['ca-central-1', 'ca-wset-1'], replicaRegion: 'ca-wset-1' }))).toEqual([
      "jurisdictions[2].regions[1]: unknown AWS region 'ca-wset-1'; did you mean 'ca-west-1'? (see lib/config/region-catalogue.ts)",
      "jurisdictions[2].replicaRegion: unknown AWS region 'ca-wset-1'; did you mean 'ca-west-1'? (see lib/config/region-catalogue.ts)",
    ]);
  });

  test('refuses a region of another country in the region list', () => {
    expect(problemsOf(withCanada({ regions: ['ca-central-1', 'ca-west-1', 'us-east-2'] }))).toEqual([
      "jurisdictions[2].regions[2]: region 'us-east-2' is in Ohio, United States (area 'us'), outside area 'ca' (Canada)",
    ]);
  });

  test('refuses a replica in another country even when no region list is written', () => {
    expect(problemsOf(withCanada({ replicaRegion: 'us-east-2' }))).toEqual([
      "jurisdictions[2].replicaRegion: region 'us-east-2' is in jurisdiction 'us', outside jurisdiction 'ca'",
    ]);
  });

  test('refuses a zone the primary region does not have (ca-central-1c)', () => {
    expect(problemsOf(withCanada({ availabilityZones: ['ca-central-1a', 'ca-central-1b', 'ca-central-1c'] }))).toEqual([
      "jurisdictions[2].availabilityZones[2]: 'ca-central-1c' is not a zone of primary region 'ca-central-1' (its zones: " +
        'ca-central-1a, ca-central-1b, ca-central-1d)',
    ]);
  });

  test('refuses a primary region where an account gets fewer than three zones', () => {
    const [eu, us] = DEFAULT_CONFIG.jurisdictions;
    expect(
      problemsOf({
        ...DEFAULT_CONFIG,
        jurisdictions: [eu, { ...us, primaryRegion: 'us-west-1', availabilityZones: undefined, access: undefined }],
      }),
    ).toEqual([
      "jurisdictions[1].primaryRegion: 'us-west-1' offers only 2 availability zones to an account; the primary region needs three",
    ]);
  });

  test('refuses an id that is no area unless area names one, and an unknown area', () => {
    expect(problemsOf(withCanada({ id: 'canada' }))).toEqual([
      expect.stringMatching(/^jurisdictions\[2\]\.area: is required when the id 'canada' is not an area/),
    ]);
    expect(() => validateConfig(withCanada({ id: 'canada', area: 'ca' }))).not.toThrow();
    expect(problemsOf(withCanada({ area: 'cn' }))).toEqual([
      expect.stringMatching(/^jurisdictions\[2\]\.area: unknown area 'cn'; did you mean/),
    ]);
  });
});
