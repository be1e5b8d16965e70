import { requiredEnv } from './env';

/** Reads a required environment variable holding JSON (bucket and table maps set by the stack). */
export function jsonEnv<T>(name: string): T {
  const raw = requiredEnv(name);
  try {
    return JSON.parse(raw) as T;
  } catch (e) {
    throw new Error(`environment variable ${name} is not valid JSON: ${(e as Error).message}`);
  }
}
