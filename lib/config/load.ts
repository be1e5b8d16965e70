import { readFileSync } from 'node:fs';
import { ConfigLoadError } from './config-error';
import { DEFAULT_CONFIG } from './defaults';
import type { ResolvedStewardConfig } from './resolved';
import { validateConfig } from './validate';

/**
 * The configuration for one synth: the JSON file named by the `stewardConfig` context value
 * (`cdk synth -c stewardConfig=path.json`), or the default EU + US app. Always validated and
 * resolved. A file that cannot be read or is not JSON is a ConfigLoadError naming the file, and
 * for a syntax error the line and column.
 */
export function loadConfig(configPath: string | undefined): ResolvedStewardConfig {
  if (configPath === undefined) return validateConfig(DEFAULT_CONFIG);
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (e) {
    throw new ConfigLoadError(configPath, (e as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigLoadError(configPath, jsonSyntaxMessage(text, (e as Error).message));
  }
  return validateConfig(parsed);
}

/** Node's JSON.parse message with the line and column of the offending character. */
export function jsonSyntaxMessage(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input|Unterminated/.test(message) ? text.length : undefined;
  const bare = message.replace(/(?: in JSON)? at position \d+.*$/, '');
  if (offset === undefined) return `invalid JSON: ${bare}`;
  const before = text.slice(0, offset).split('\n');
  return `invalid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${bare}`;
}
