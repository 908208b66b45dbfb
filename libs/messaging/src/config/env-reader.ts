// Reads environment variables for an app's one configuration schema, collecting every problem so a
// single boot reports all bad variables at once, each by name. Used by the relay and the
// projection workers (each keeps its own schema in its app; this is only the reading machinery).

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${app} configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** A required string (no default: secrets and connection strings of non-local deployments). */
  required(name: string, hint: string): string {
    const value = this.raw(name);
    if (value === undefined) this.problems.push(`${name} is required (${hint})`);
    return value ?? '';
  }

  string(name: string, fallback: string, pattern?: RegExp, hint?: string): string {
    const value = this.raw(name) ?? fallback;
    if (pattern && !pattern.test(value))
      this.problems.push(`${name}=${JSON.stringify(value)} is invalid${hint ? ` (${hint})` : ''}`);
    return value;
  }

  url(name: string, fallback: string, protocols: readonly string[]): string {
    const value = this.raw(name) ?? fallback;
    let protocol: string | undefined;
    try {
      protocol = new URL(value).protocol.replace(/:$/, '');
    } catch {
      protocol = undefined;
    }
    if (!protocol || !protocols.includes(protocol)) {
      this.problems.push(`${name} must be a ${protocols.map((p) => `${p}://`).join(' or ')} URL`);
    }
    return value;
  }

  integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(
        `${name}=${JSON.stringify(raw)} must be an integer between ${min} and ${max}`,
      );
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    this.problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.raw(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  }

  /** Comma-separated `host:port` list. */
  brokers(name: string, fallback: string): string[] {
    const list = (this.raw(name) ?? fallback)
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    if (list.length === 0 || list.some((b) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b))) {
      this.problems.push(`${name} must be a comma-separated list of host:port`);
    }
    return list;
  }

  /** Throws ConfigError naming every bad variable, if any. */
  done(app: string): void {
    if (this.problems.length > 0) throw new ConfigError(app, this.problems);
  }
}
