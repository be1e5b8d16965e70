/**
 * The AWS regions steward may deploy to, by country, with the availability zone names every
 * account sees there, and the areas (jurisdictions) that group countries.
 *
 * A jurisdiction's regions, primary, replica and zones are checked against this catalogue, so a
 * typo (`ca-wset-1`) or a region of another country is refused at synth, and default zones are
 * real ones (ca-central-1 has a, b and d; ap-northeast-1 has a, c and d).
 *
 * Sources: AWS "Regions and Availability Zones" (docs.aws.amazon.com/global-infrastructure/latest/regions/),
 * its pages "AWS Regions" (code, geography, opt-in status) and "AWS Availability Zones" (AZ IDs per
 * region), and `aws ec2 describe-availability-zones --region <r>` for the zone names. In the
 * oldest regions (us-east-1, us-west-1, ap-northeast-1, ...) names map to physical zones per
 * account, and an account may see fewer names than listed here (us-west-1 offers two of a, b, c
 * to each account): `zonesPerAccount` says how many a VPC can count on. AWS GovCloud and the China
 * regions are other partitions and are not listed.
 */

/** ISO 3166-1 alpha-2 code of the country a region is in. */
export type CountryCode =
  | 'US' | 'CA' | 'MX' | 'BR' | 'DE' | 'IE' | 'FR' | 'SE' | 'IT' | 'ES' | 'GB' | 'CH'
  | 'JP' | 'KR' | 'IN' | 'SG' | 'AU' | 'ID' | 'MY' | 'TH' | 'HK' | 'NZ' | 'TW'
  | 'AE' | 'BH' | 'IL' | 'ZA';

/** One AWS region of the commercial partition. */
export interface CatalogueRegion {
  /** City or area AWS names the region after. */
  readonly location: string;
  readonly country: CountryCode;
  /** Zone letters the region offers (zone name = region + letter). */
  readonly zoneLetters: string;
  /** How many of those zones one account can use, when fewer than listed (per-account mapping). */
  readonly zonesPerAccount?: number;
  /** Whether an account must enable the region before use (`aws account enable-region`). */
  readonly optIn: boolean;
}

export const AWS_REGIONS = {
  'us-east-1': { location: 'N. Virginia', country: 'US', zoneLetters: 'abcdef', optIn: false },
  'us-east-2': { location: 'Ohio', country: 'US', zoneLetters: 'abc', optIn: false },
  'us-west-1': { location: 'N. California', country: 'US', zoneLetters: 'abc', zonesPerAccount: 2, optIn: false },
  'us-west-2': { location: 'Oregon', country: 'US', zoneLetters: 'abcd', optIn: false },
  'ca-central-1': { location: 'Montreal', country: 'CA', zoneLetters: 'abd', optIn: false },
  'ca-west-1': { location: 'Calgary', country: 'CA', zoneLetters: 'abc', optIn: true },
  'mx-central-1': { location: 'Mexico', country: 'MX', zoneLetters: 'abc', optIn: true },
  'sa-east-1': { location: 'Sao Paulo', country: 'BR', zoneLetters: 'abc', optIn: false },
  'eu-central-1': { location: 'Frankfurt', country: 'DE', zoneLetters: 'abc', optIn: false },
  'eu-west-1': { location: 'Ireland', country: 'IE', zoneLetters: 'abc', optIn: false },
  'eu-west-2': { location: 'London', country: 'GB', zoneLetters: 'abc', optIn: false },
  'eu-west-3': { location: 'Paris', country: 'FR', zoneLetters: 'abc', optIn: false },
  'eu-north-1': { location: 'Stockholm', country: 'SE', zoneLetters: 'abc', optIn: false },
  'eu-south-1': { location: 'Milan', country: 'IT', zoneLetters: 'abc', optIn: true },
  'eu-south-2': { location: 'Spain', country: 'ES', zoneLetters: 'abc', optIn: true },
  'eu-central-2': { location: 'Zurich', country: 'CH', zoneLetters: 'abc', optIn: true },
  'ap-northeast-1': { location: 'Tokyo', country: 'JP', zoneLetters: 'acd', optIn: false },
  'ap-northeast-2': { location: 'Seoul', country: 'KR', zoneLetters: 'abcd', optIn: false },
  'ap-northeast-3': { location: 'Osaka', country: 'JP', zoneLetters: 'abc', optIn: false },
  'ap-south-1': { location: 'Mumbai', country: 'IN', zoneLetters: 'abc', optIn: false },
  'ap-south-2': { location: 'Hyderabad', country: 'IN', zoneLetters: 'abc', optIn: true },
  'ap-southeast-1': { location: 'Singapore', country: 'SG', zoneLetters: 'abc', optIn: false },
  'ap-southeast-2': { location: 'Sydney', country: 'AU', zoneLetters: 'abc', optIn: false },
  'ap-southeast-3': { location: 'Jakarta', country: 'ID', zoneLetters: 'abc', optIn: true },
  'ap-southeast-4': { location: 'Melbourne', country: 'AU', zoneLetters: 'abc', optIn: true },
  'ap-southeast-5': { location: 'Malaysia', country: 'MY', zoneLetters: 'abc', optIn: true },
  'ap-southeast-7': { location: 'Thailand', country: 'TH', zoneLetters: 'abc', optIn: true },
  'ap-east-1': { location: 'Hong Kong', country: 'HK', zoneLetters: 'abc', optIn: true },
  'me-central-1': { location: 'UAE', country: 'AE', zoneLetters: 'abc', optIn: true },
  'me-south-1': { location: 'Bahrain', country: 'BH', zoneLetters: 'abc', optIn: true },
  'il-central-1': { location: 'Tel Aviv', country: 'IL', zoneLetters: 'abc', optIn: true },
  'af-south-1': { location: 'Cape Town', country: 'ZA', zoneLetters: 'abc', optIn: true },
} as const satisfies Record<string, CatalogueRegion>;

export type RegionName = keyof typeof AWS_REGIONS;

/** A legal area a jurisdiction can cover: one country, or a union of countries. */
export interface CatalogueArea {
  readonly displayName: string;
  readonly countries: readonly CountryCode[];
}

/**
 * Areas by id. `eu` is the European Union only: London (GB) and Zurich (CH) are outside it even
 * though their region codes start with `eu-`; each is an area of its own.
 */
export const AREAS = {
  eu: { displayName: 'European Union', countries: ['DE', 'IE', 'FR', 'SE', 'IT', 'ES'] },
  us: { displayName: 'United States', countries: ['US'] },
  ca: { displayName: 'Canada', countries: ['CA'] },
  mx: { displayName: 'Mexico', countries: ['MX'] },
  br: { displayName: 'Brazil', countries: ['BR'] },
  uk: { displayName: 'United Kingdom', countries: ['GB'] },
  ch: { displayName: 'Switzerland', countries: ['CH'] },
  jp: { displayName: 'Japan', countries: ['JP'] },
  kr: { displayName: 'South Korea', countries: ['KR'] },
  in: { displayName: 'India', countries: ['IN'] },
  sg: { displayName: 'Singapore', countries: ['SG'] },
  au: { displayName: 'Australia', countries: ['AU'] },
  id: { displayName: 'Indonesia', countries: ['ID'] },
  my: { displayName: 'Malaysia', countries: ['MY'] },
  th: { displayName: 'Thailand', countries: ['TH'] },
  hk: { displayName: 'Hong Kong', countries: ['HK'] },
  ae: { displayName: 'United Arab Emirates', countries: ['AE'] },
  bh: { displayName: 'Bahrain', countries: ['BH'] },
  il: { displayName: 'Israel', countries: ['IL'] },
  za: { displayName: 'South Africa', countries: ['ZA'] },
} as const satisfies Record<string, CatalogueArea>;

export type AreaId = keyof typeof AREAS;

export const REGION_NAMES = Object.keys(AWS_REGIONS) as RegionName[];
export const AREA_IDS = Object.keys(AREAS) as AreaId[];

export function isRegionName(name: unknown): name is RegionName {
  return typeof name === 'string' && Object.hasOwn(AWS_REGIONS, name);
}

export function isAreaId(id: unknown): id is AreaId {
  return typeof id === 'string' && Object.hasOwn(AREAS, id);
}

export function catalogueRegion(name: RegionName): CatalogueRegion {
  return AWS_REGIONS[name];
}

/** Every zone name of a region, e.g. `ca-central-1a`, `ca-central-1b`, `ca-central-1d`. */
export function zonesOf(region: RegionName): string[] {
  return [...AWS_REGIONS[region].zoneLetters].map((letter) => `${region}${letter}`);
}

/** How many zones one account can use in the region. */
export function usableZoneCount(region: RegionName): number {
  const r: CatalogueRegion = AWS_REGIONS[region];
  return r.zonesPerAccount ?? r.zoneLetters.length;
}

/** The regions of an area, in catalogue order. */
export function regionsOfArea(area: AreaId): RegionName[] {
  const countries: readonly CountryCode[] = AREAS[area].countries;
  return REGION_NAMES.filter((r) => countries.includes(AWS_REGIONS[r].country));
}

/** The area a region's country belongs to (each country is in exactly one area). */
export function areaOfRegion(region: RegionName): AreaId {
  const country = AWS_REGIONS[region].country;
  return AREA_IDS.find((a) => (AREAS[a].countries as readonly CountryCode[]).includes(country)) as AreaId;
}
