import type { ModelBucket } from './store';

/** The key layout of tenant logs: `tenants/<t>/<device>/YYYY/MM/DD/<n>.json`. */
export interface LayoutSpec {
  readonly tenant: string;
  /** Versions in all. */
  readonly versions: number;
  /** Device prefixes; 0 for a flat prefix (`tenants/<t>/obj-<n>.json`). */
  readonly devices: number;
  /** Versions per key. @default 5 */
  readonly versionsPerKey?: number;
  /** Days each device's keys spread over. @default 3 */
  readonly days?: number;
}

/** The device prefixes of a layout, in order. */
export function devicePrefixes(spec: Pick<LayoutSpec, 'tenant' | 'devices'>): string[] {
  return Array.from({ length: spec.devices }, (_, d) => `tenants/${spec.tenant}/device-${String(d).padStart(5, '0')}/`);
}

/** Seeds a layout straight into the model's state (no HTTP), returning the versions written. */
export function seedLayout(bucket: ModelBucket, spec: LayoutSpec): number {
  const perKey = spec.versionsPerKey ?? 5;
  const keys = Math.ceil(spec.versions / perKey);
  const days = spec.days ?? 3;
  const devices = devicePrefixes(spec);
  const entries = Array.from({ length: keys }, (_, k) => {
    const name = `${String(k).padStart(7, '0')}.json`;
    if (devices.length === 0) return { key: `tenants/${spec.tenant}/obj-${name}`, versions: perKey };
    const device = devices[k % devices.length];
    const day = String(1 + (Math.floor(k / devices.length) % days)).padStart(2, '0');
    return { key: `${device}2026/11/${day}/${name}`, versions: perKey };
  });
  return bucket.seed(entries);
}
