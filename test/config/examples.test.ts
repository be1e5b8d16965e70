import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { loadConfig } from '../../lib/config/load';
import { CONFIG_DOC_PATH, CONFIG_SCHEMA_PATH, generateConfigSchema, renderConfigReference } from '../../lib/config/schema';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'config', 'examples');

describe('the generated JSON Schema and field reference', () => {
  const schema = generateConfigSchema(ROOT);

  test('are current with lib/config/types.ts (run npm run config:schema after changing a type)', () => {
    expect(JSON.parse(readFileSync(join(ROOT, CONFIG_SCHEMA_PATH), 'utf8'))).toEqual(schema);
    expect(readFileSync(join(ROOT, CONFIG_DOC_PATH), 'utf8')).toBe(renderConfigReference(schema));
  });

  test('refuse unknown fields on every object and offer the catalogue regions', () => {
    const definitions = schema.definitions as Record<
      string,
      { type?: string; additionalProperties?: boolean; properties?: Record<string, { enum?: string[] }> }
    >;
    for (const [name, d] of Object.entries(definitions)) {
      if (d.type === 'object' && d.properties) expect([name, d.additionalProperties]).toEqual([name, false]);
    }
    expect(definitions.JurisdictionConfig.properties?.primaryRegion.enum).toContain('ca-central-1');
  });
});

describe('the example configurations', () => {
  test('are all valid', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['default.json', 'one-jurisdiction.json', 'three-jurisdictions.json']);
    for (const file of files) expect(() => loadConfig(join(EXAMPLES, file))).not.toThrow();
  });

  test('default.json is the default app', () => {
    expect(loadConfig(join(EXAMPLES, 'default.json'))).toEqual(loadConfig(undefined));
    const { $schema: _, ...written } = JSON.parse(readFileSync(join(EXAMPLES, 'default.json'), 'utf8'));
    expect(written).toEqual(DEFAULT_CONFIG);
  });

  test('three-jurisdictions.json has operators and real-looking certificates in all three, one outside the EU and US', () => {
    const config = loadConfig(join(EXAMPLES, 'three-jurisdictions.json'));
    expect(config.jurisdictions.map((j) => j.area)).toEqual(['eu', 'us', 'ca']);
    for (const j of config.jurisdictions) {
      expect(j.access.operators.length).toBeGreaterThan(0);
      expect(j.access.frontEnd.portalCertificateArn).toMatch(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(j.access.frontEnd.portalCertificateArn).not.toMatch(/000000000000|placeholder/);
      expect(j.account).toMatch(/^\d{12}$/);
    }
    expect(config.jurisdictions[2].availabilityZones).toEqual(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
  });
});
