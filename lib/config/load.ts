import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from './defaults';
import type { StewardConfig } from './types';
import { validateConfig } from './validate';

/**
 * The configuration for one synth: the JSON file named by the `stewardConfig` context value
 * (`cdk synth -c stewardConfig=path.json`), or the default EU + US app. Always validated.
 */
export function loadConfig(configPath: string | undefined): StewardConfig {
  if (configPath === undefined) return validateConfig(DEFAULT_CONFIG);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (e) {
    throw new Error(`stewardConfig: cannot read configuration file '${configPath}': ${(e as Error).message}`);
  }
  return validateConfig(parsed);
}
