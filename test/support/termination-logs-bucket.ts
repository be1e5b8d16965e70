import type { StoreCatalog } from '../../lambda/tenant-termination/contract';

/** One device-logs bucket copy, all a termination's catalog declares: for purge tests on the S3 model. */
export const LOGS_TARGET = { bucket: 'logs', region: 'eu-central-1', dataClass: 'device-logs' };
export const LOGS_CATALOG: StoreCatalog = { buckets: [LOGS_TARGET], tables: [], userPools: [] };
