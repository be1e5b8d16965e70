import { devicePrefixes } from '../../test/support/s3-model/layouts';
import { KEYS_PER_SECOND_PER_PARTITION } from '../../test/support/s3-model/profile';

/** How the tenant's keys lie and how S3 has partitioned them. */
export interface Scenario {
  readonly name: string;
  /** Device prefixes (0: a flat prefix). */
  readonly devices: number;
  /** Partition prefixes the model limits separately (each 3,500 keys/s); the rest is one partition. */
  readonly partitions: (tenant: string) => string[];
}

export const TENANT = 'acme';
/** Devices in the device scenarios. */
export const DEVICES = Number(process.env.BENCH_DEVICES ?? 4);

export const SCENARIOS: readonly Scenario[] = [
  { name: 'flat prefix, one partition', devices: 0, partitions: () => [] },
  { name: `${DEVICES} devices, one 3,500/s partition`, devices: DEVICES, partitions: () => [] },
  {
    name: `${DEVICES} devices, each its own partition`,
    devices: DEVICES,
    partitions: (tenant) => devicePrefixes({ tenant, devices: DEVICES }),
  },
];

/** The physical bound of a scenario: S3's per-partition delete rate times the partitions the tenant's keys use. */
export function physicalBound(s: Scenario): number {
  return KEYS_PER_SECOND_PER_PARTITION * Math.max(1, s.partitions(TENANT).length);
}
