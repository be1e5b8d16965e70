import { InputError } from '../../../lambda/shared/input-error';
import { isUnderPrefix, tenantPrefix, validateTenantId } from '../../../lambda/shared/tenant-id';

describe('validateTenantId', () => {
  test.each(['acme', 'acme-2', 'a1b', '0xf', 'x'.repeat(63)])('accepts %s', (id) => {
    expect(validateTenantId(id)).toBe(id);
  });

  test.each([
    ['', /tenantId: a tenant id is required/],
    ['../x', /tenantId: '..\/x' is not a tenant id/],
    ['*', /tenantId: '\*' is not a tenant id/],
    ['Acme', /tenantId: 'Acme' is not a tenant id/],
    ['ab', /is not a tenant id/],
    ['-acme', /is not a tenant id/],
    ['acme-', /is not a tenant id/],
    ['acme/x', /is not a tenant id/],
    ['x'.repeat(64), /is not a tenant id/],
  ])('refuses %j with an error naming the field', (id, message) => {
    expect(() => validateTenantId(id)).toThrow(message);
    expect(() => validateTenantId(id)).toThrow(InputError);
  });

  test('names the field it was given', () => {
    expect(() => validateTenantId(undefined, 'detail.tenantId')).toThrow(/^detail\.tenantId: /);
  });
});

describe('tenantPrefix and isUnderPrefix', () => {
  test('the prefix ends with a slash, so acme never matches acme-2', () => {
    const prefix = tenantPrefix('acme');
    expect(prefix).toBe('tenants/acme/');
    expect(isUnderPrefix('tenants/acme/a.json', prefix)).toBe(true);
    expect(isUnderPrefix('tenants/acme-2/a.json', prefix)).toBe(false);
    expect(isUnderPrefix('tenants/acme', prefix)).toBe(false);
  });

  test('a prefix without trailing slash matches nothing', () => {
    expect(isUnderPrefix('tenants/acme/a.json', 'tenants/acme')).toBe(false);
  });
});
