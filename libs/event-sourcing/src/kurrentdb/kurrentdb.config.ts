// Where the KurrentDB adapter finds its server. There is no default: a platform configured for
// KurrentDB must say where it is, and tests use the variable to decide whether to run the contract.
export const KURRENTDB_CONNECTION_STRING_ENV = 'KURRENTDB_CONNECTION_STRING';

/** The connection string (e.g. `kurrentdb://127.0.0.1:2113?tls=false`), or undefined when not set. */
export function kurrentdbConnectionString(
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const value = env[KURRENTDB_CONNECTION_STRING_ENV]?.trim();
  return value ? value : undefined;
}

export function requireKurrentdbConnectionString(env: NodeJS.ProcessEnv = process.env): string {
  const value = kurrentdbConnectionString(env);
  if (!value) {
    throw new Error(
      `${KURRENTDB_CONNECTION_STRING_ENV} is not set (e.g. kurrentdb://127.0.0.1:2113?tls=false)`,
    );
  }
  if (!/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//.test(value)) {
    throw new Error(
      `${KURRENTDB_CONNECTION_STRING_ENV} must start with kurrentdb:// (or kurrentdb+discover://)`,
    );
  }
  return value;
}
