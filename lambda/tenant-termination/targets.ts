import { InputError } from '../shared/input-error';
import type { BucketTarget, StoreCatalog, TableTarget, UserPoolTarget } from './contract';

/**
 * A step only acts on stores its deployment declared: a target in the state that is not in the
 * catalog is refused, so an edited execution input cannot aim a step at another bucket.
 */
export function declaredBucket(catalog: StoreCatalog, target: unknown): BucketTarget {
  const t = target as Partial<BucketTarget> | undefined;
  const found = catalog.buckets.find((b) => b.bucket === t?.bucket && b.region === t?.region);
  if (!found)
    throw new InputError(
      'target',
      `bucket ${JSON.stringify(t?.bucket)} in ${JSON.stringify(t?.region)} is not a declared tenant-data bucket`,
    );
  return found;
}

export function declaredTable(catalog: StoreCatalog, target: unknown): TableTarget {
  const t = target as Partial<TableTarget> | undefined;
  const found = catalog.tables.find((x) => x.table === t?.table);
  if (!found) throw new InputError('target', `table ${JSON.stringify(t?.table)} is not a declared tenant-data table`);
  return found;
}

export function declaredUserPool(catalog: StoreCatalog, target: unknown): UserPoolTarget {
  const t = target as Partial<UserPoolTarget> | undefined;
  const found = catalog.userPools.find((x) => x.userPoolId === t?.userPoolId);
  if (!found) throw new InputError('target', `user pool ${JSON.stringify(t?.userPoolId)} is not a declared user pool`);
  return found;
}
