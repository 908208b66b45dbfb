// docker-compose.yml is how Docker users run the platform; keep it in step with the repository:
// every server the local scripts start, every app in the monorepo, each app's environment accepted
// by that app's own configuration schema (the one it validates at boot), no variable that nothing
// reads, app ports kept on the internal network, and loopback-only published ports.
/* eslint-disable @nx/enforce-module-boundaries -- this test checks compose against each app's own
   config schema, so it imports the loaders the apps run at boot */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadGatewayConfig } from '../../gateway/src/config/gateway-config';
import { loadCustomersConfig } from '../../services/customers/src/config/customers.config';
import { loadSalesConfig } from '../../services/sales/src/config/sales.config';
import { loadServiceDeskConfig } from '../../services/service-desk/src/config/service-desk.config';
import { loadLoyaltyConfig } from '../../services/loyalty/src/config/loyalty.config';
import { loadMarketingConfig } from '../../services/marketing/src/config/marketing.config';
import { PROJECTIONS } from '../../services/projections/src/projection-catalogue';
import { loadProjectionsConfig } from '../../services/projections/src/projections.config';
import { loadRelayConfig } from '../../services/relay/src/relay.config';
/* eslint-enable @nx/enforce-module-boundaries */

const repoRoot = join(__dirname, '..', '..');

type Env = Readonly<Record<string, string | undefined>>;

interface ComposeService {
  image?: string;
  command?: string[];
  ports?: string[];
  networks?: string[];
  environment?: Record<string, string>;
}
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
};

/** The configuration loader each app runs at boot (main.ts), by Nx project name. */
const CONFIG_SCHEMAS: Record<string, (env: Env) => unknown> = {
  gateway: (env) => loadGatewayConfig(env),
  customers: (env) => loadCustomersConfig(env),
  sales: (env) => loadSalesConfig(env),
  'service-desk': (env) => loadServiceDeskConfig(env),
  loyalty: (env) => loadLoyaltyConfig(env),
  marketing: (env) => loadMarketingConfig(env),
  relay: (env) => loadRelayConfig(env),
  projections: (env) =>
    loadProjectionsConfig(
      env,
      PROJECTIONS.map((p) => p.name),
    ),
};

/** Variables read by something other than the app's schema. */
const READ_OUTSIDE_THE_SCHEMA = new Set(['SWC_NODE_PROJECT']);

const serviceTokenKeys = generateKeyPairSync('ed25519');

/** What a Docker user supplies for the `${NAME:?…}` variables compose demands of them. */
const USER_SUPPLIED: Record<string, string> = {
  CRM_SERVICE_TOKEN_PRIVATE_KEY: serviceTokenKeys.privateKey
    .export({ format: 'der', type: 'pkcs8' })
    .toString('base64'),
  CRM_SERVICE_TOKEN_PUBLIC_KEY: serviceTokenKeys.publicKey
    .export({ format: 'der', type: 'spki' })
    .toString('base64'),
  CRM_MASTER_KEY: Buffer.alloc(32, 5).toString('base64'),
  CRM_JWT_SECRET: 'j'.repeat(48),
  CRM_ADMIN_PASSWORD: 'a long admin password',
  CRM_MARKETING_UNSUBSCRIBE_KEY: Buffer.alloc(32, 6).toString('base64'),
};

/** Compose's interpolation of `${NAME:?error}` and `${NAME:-default}` for one value. */
function interpolate(value: string): string {
  return String(value).replace(
    /\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g,
    (_match, name: string, kind?: string, rest?: string) => {
      if (kind === '-') return rest ?? '';
      const supplied = USER_SUPPLIED[name];
      if (supplied === undefined)
        throw new Error(`docker-compose.yml demands ${name}: add a sample value to USER_SUPPLIED`);
      return supplied;
    },
  );
}

/** Nx projects tagged type:app — each one is a process the platform runs. */
function appProjects(): string[] {
  const roots = ['services', 'gateway'].flatMap((dir) => {
    const abs = join(repoRoot, dir);
    if (!existsSync(abs)) return [];
    if (existsSync(join(abs, 'project.json'))) return [abs];
    return readdirSync(abs).map((name) => join(abs, name));
  });
  return roots
    .filter((root) => existsSync(join(root, 'project.json')))
    .map(
      (root) =>
        JSON.parse(readFileSync(join(root, 'project.json'), 'utf8')) as {
          name: string;
          tags?: string[];
        },
    )
    .filter((project) => project.tags?.includes('type:app'))
    .map((project) => project.name);
}

const CONNECTION_VARIABLES = ['CRM_POSTGRES_URL', 'CRM_KAFKA_BROKERS', 'CRM_MONGO_URL'];

/** The names an app's schema looks up, whether set or not (it may fail on what is missing). */
function variablesReadBy(app: string, env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  try {
    CONFIG_SCHEMAS[app]!(recording);
  } catch {
    // A missing required variable is the other test's business; the names read are what count.
  }
  return read;
}

function environmentOf(app: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(compose.services[app]?.environment ?? {}).map(([k, v]) => [k, interpolate(v)]),
  );
}

describe('docker-compose.yml', () => {
  it.each([
    ['postgres', /^postgres:\d+/],
    ['kafka', /^apache\/kafka:3\.9\./],
    ['mongodb', /^mongo:\d+/],
    ['kurrentdb', /kurrentdb/],
  ])('runs the %s server from its official image', (name, image) => {
    expect(compose.services[name]?.image).toMatch(image);
  });

  it('names every app of the monorepo, each with a config schema this test checks', () => {
    const apps = appProjects();
    expect(apps.filter((app) => !(app in compose.services))).toEqual([]);
    expect(apps.filter((app) => !(app in CONFIG_SCHEMAS))).toEqual([]);
  });

  it.each(Object.keys(CONFIG_SCHEMAS))(
    'gives %s every variable its config schema requires',
    (app) => {
      expect(() => CONFIG_SCHEMAS[app]!(environmentOf(app))).not.toThrow();
    },
  );

  it.each(Object.keys(CONFIG_SCHEMAS))('sets no variable that %s does not read', (app) => {
    const env = environmentOf(app);
    const read = variablesReadBy(app, env);
    const unread = Object.keys(env).filter((k) => !read.has(k) && !READ_OUTSIDE_THE_SCHEMA.has(k));
    expect(unread).toEqual([]);
  });

  it('publishes ports on loopback only, and of the apps only the gateway’s', () => {
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
    const appsWithPorts = appProjects().filter((app) => compose.services[app]?.ports?.length);
    expect(appsWithPorts).toEqual(['gateway']);
  });

  it('keeps services, relay and workers on the internal network only', () => {
    expect(compose.networks?.['internal']?.internal).toBe(true);
    for (const app of appProjects().filter((a) => a !== 'gateway'))
      expect({ app, networks: compose.services[app]?.networks }).toEqual({
        app,
        networks: ['internal'],
      });
  });

  it('installs dependencies with npm install (the lockfile is refused by npm ci), then generates the code made from proto/', () => {
    // The gateway's GraphQL inputs are generated (git-ignored) and run as code: without them it fails to start.
    const command = (compose.services['deps']?.command ?? []).join(' ');
    expect(command).toMatch(/^sh -c npm install .*&& npm run proto:generate$/);
  });

  it('gives every app the connection variables it reads, named as the local scripts name them', () => {
    const localEnv = readFileSync(join(repoRoot, 'infra/local/env.sh'), 'utf8');
    for (const app of Object.keys(CONFIG_SCHEMAS)) {
      // The schemas default these to the local servers on 127.0.0.1, wrong inside a container.
      const read = variablesReadBy(app, {});
      for (const variable of CONNECTION_VARIABLES.filter((v) => read.has(v))) {
        expect(localEnv).toContain(variable);
        expect({ app, variable, set: variable in environmentOf(app) }).toEqual({
          app,
          variable,
          set: true,
        });
      }
    }
  });
});
