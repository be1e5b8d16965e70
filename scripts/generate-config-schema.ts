import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DOC_PATH, CONFIG_SCHEMA_PATH, generateConfigSchema, renderConfigReference } from '../lib/config/schema';

/**
 * Writes config/steward-config.schema.json and docs/configuration.md from lib/config/types.ts.
 * With --check, writes nothing and fails when either is stale.
 */
const root = join(__dirname, '..');
const schema = generateConfigSchema(root);
const outputs = { [CONFIG_SCHEMA_PATH]: `${JSON.stringify(schema, null, 2)}\n`, [CONFIG_DOC_PATH]: renderConfigReference(schema) };
const check = process.argv.includes('--check');
let stale = false;
for (const [path, text] of Object.entries(outputs)) {
  const file = join(root, path);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (current === text) continue;
  if (check) {
    console.error(`${path} is stale: run npm run config:schema`);
    stale = true;
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${path}`);
  }
}
if (stale) process.exit(1);
