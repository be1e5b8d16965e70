/** Reads a required environment variable; a missing one is a deployment error, named. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment: ${name} is not set`);
  return value;
}

/** Reads a required environment variable holding JSON. */
export function jsonEnv<T>(name: string): T {
  const raw = requiredEnv(name);
  try {
    return JSON.parse(raw) as T;
  } catch (e) {
    throw new Error(`environment: ${name} is not valid JSON: ${(e as Error).message}`);
  }
}
