import type { DataClassId } from '../inventory/data-classes';
import type { AreaId, RegionName } from './region-catalogue';
import type { JurisdictionConfig, StewardConfig } from './types';

/**
 * A validated configuration with every default filled in: what validateConfig returns and the
 * only form stacks and constructs take, so no stack decides a default on its own.
 *
 * Root sections other than `jurisdictions` are resolved by the mapped type: a new optional
 * section in StewardConfig appears here as required, and resolveConfig does not compile until
 * it fills it in.
 */
export type ResolvedStewardConfig = {
  readonly [K in Exclude<keyof StewardConfig, '$schema' | 'appName' | 'jurisdictions'>]-?: Readonly<
    Required<NonNullable<StewardConfig[K]>>
  >;
} & {
  readonly appName: string;
  readonly jurisdictions: readonly ResolvedJurisdiction[];
};

/** Jurisdiction fields whose resolved type differs from the written one. */
type RefinedJurisdictionField = 'account' | 'area' | 'regions' | 'primaryRegion' | 'replicaRegion' | 'availabilityZones' | 'retentionDays';

/**
 * One jurisdiction of a validated configuration, defaults filled in. Every other field of
 * JurisdictionConfig becomes required here, so a new optional field must get its default in
 * resolveJurisdiction before anything compiles.
 */
export type ResolvedJurisdiction = {
  readonly [K in Exclude<keyof JurisdictionConfig, RefinedJurisdictionField>]-?: NonNullable<JurisdictionConfig[K]>;
} & {
  /** Absent: the account of the deploying credentials. */
  readonly account?: string;
  readonly area: AreaId;
  readonly regions: readonly RegionName[];
  readonly primaryRegion: RegionName;
  readonly replicaRegion: RegionName;
  /** Three zones of the primary region. */
  readonly availabilityZones: readonly string[];
  /** Days kept, for every class with a day-based retention (override or declared default). */
  readonly retentionDays: Readonly<Partial<Record<DataClassId, number>>>;
};
