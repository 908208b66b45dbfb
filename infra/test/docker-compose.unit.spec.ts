// docker-compose.yml is how Docker users run the platform; keep it in step with the repository:
// every server the local scripts start, every app in the monorepo, loopback-only ports, and the
// same configuration variables the apps read locally.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const repoRoot = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
}
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, ComposeService>;
};

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

describe('docker-compose.yml', () => {
  it.each([
    ['postgres', /^postgres:\d+/],
    ['kafka', /^apache\/kafka:3\.9\./],
    ['mongodb', /^mongo:\d+/],
    ['kurrentdb', /kurrentdb/],
  ])('runs the %s server from its official image', (name, image) => {
    expect(compose.services[name]?.image).toMatch(image);
  });

  it('names every app of the monorepo', () => {
    const missing = appProjects().filter((app) => !(app in compose.services));
    expect(missing).toEqual([]);
  });

  it('publishes ports on loopback only', () => {
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('gives apps the same connection variables as the local scripts', () => {
    const localEnv = readFileSync(join(repoRoot, 'infra/local/env.sh'), 'utf8');
    const apps = appProjects().map((app) => compose.services[app]!);
    for (const variable of ['CRM_POSTGRES_URL', 'CRM_KAFKA_BROKERS', 'CRM_MONGO_URL']) {
      expect(localEnv).toContain(variable);
      for (const app of apps) expect(app.environment).toHaveProperty(variable);
    }
  });
});
