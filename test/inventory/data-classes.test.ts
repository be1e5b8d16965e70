import { DATA_CLASSES, DATA_CLASS_IDS, dataClass, dataClassesStoredIn, isDataClassId } from '../../lib/inventory/data-classes';

describe('the data inventory', () => {
  test('declares every class once, with fields, purpose and seed source', () => {
    expect(DATA_CLASSES.map((c) => c.id)).toEqual([...DATA_CLASS_IDS]);
    for (const c of DATA_CLASSES) {
      expect(c.fields.length).toBeGreaterThan(0);
      expect(c.purpose).not.toHaveLength(0);
      expect(c.source).toMatch(/^00[0-2]: /);
    }
  });

  test('declares the classes the seeds name', () => {
    expect(DATA_CLASS_IDS).toEqual(
      expect.arrayContaining([
        'device-metadata', 'config-cache', 'config-backups', 'provisioning-templates', 'advanced-reporting-logs',
        'access-logs', 'incident-logs', 'device-logs', 'user-accounts', 'exports', 'audit-receipts',
      ]),
    );
  });

  test('holds metadata only: no field carries traffic content (P-METADATA-ONLY)', () => {
    const content = /payload|packet|body|content|pcap/i;
    for (const c of DATA_CLASSES) expect(c.fields.filter((f) => content.test(f))).toEqual([]);
  });

  test('keeps logs 1 to 30 days (P-RETENTION)', () => {
    for (const id of ['access-logs', 'incident-logs', 'device-logs', 'advanced-reporting-logs'] as const) {
      expect(dataClass(id).retention).toEqual({ kind: 'days', defaultDays: 30, minDays: 1, maxDays: 30 });
    }
  });

  test('caches configuration for at most a day, in one region only (P-JIT-CACHE)', () => {
    expect(dataClass('config-cache')).toMatchObject({
      retention: { kind: 'days', maxDays: 1 },
      replicated: false,
      versioned: false,
    });
  });

  test('marks exactly the opt-in classes of the seed (P-OPT-IN)', () => {
    expect(DATA_CLASSES.filter((c) => c.optIn).map((c) => c.id)).toEqual([
      'config-backups', 'provisioning-templates', 'advanced-reporting-logs',
    ]);
  });

  test('audit receipts hold no personal data and survive tenant deletion', () => {
    expect(dataClass('audit-receipts')).toMatchObject({ personalData: false, tenantData: false });
  });

  test('looks classes up by id and names an unknown one', () => {
    expect(isDataClassId('exports')).toBe(true);
    expect(isDataClassId('packet-captures')).toBe(false);
    expect(() => dataClass('packet-captures')).toThrow("Unknown data class 'packet-captures'");
    expect(dataClassesStoredIn('dynamodb-table').map((c) => c.id)).toEqual(['tenant-registry', 'device-metadata', 'support-grants']);
  });
});
