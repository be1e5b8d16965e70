import { TENANTS_PREFIX } from '../../lib/vocabulary';
import { InputError } from './input-error';

/**
 * The one shape a tenant id may have: 3..63 characters, lower-case letters, digits and inner
 * hyphens. No slash, dot, wildcard or upper case can reach an S3 prefix, a key alias or a query.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;

/** Returns the tenant id when it is well formed, otherwise throws an InputError naming `field`. */
export function validateTenantId(value: unknown, field = 'tenantId'): string {
  if (typeof value !== 'string' || value === '') {
    throw new InputError(field, `a tenant id is required, got ${JSON.stringify(value) ?? 'undefined'}`);
  }
  if (!TENANT_ID_PATTERN.test(value)) {
    throw new InputError(
      field,
      `'${value}' is not a tenant id: 3..63 lower-case letters, digits and inner hyphens (${TENANT_ID_PATTERN})`,
    );
  }
  return value;
}

/**
 * `tenants/<tenantId>/`: the S3 prefix of everything a tenant owns. The trailing slash is what
 * keeps `acme` from matching `acme-2`.
 */
export function tenantPrefix(tenantId: string): string {
  return `${TENANTS_PREFIX}${validateTenantId(tenantId)}/`;
}

/**
 * Whether an S3 key lies under a tenant prefix; a listing is never trusted to have filtered. The
 * prefix itself counts: a zero-byte `tenants/<id>/` "folder" object (what the console's "Create
 * folder" writes) is the tenant's, and must be purged, exported and erased with the rest.
 */
export function isUnderPrefix(key: string, prefix: string): boolean {
  return prefix.endsWith('/') && key.startsWith(prefix);
}
