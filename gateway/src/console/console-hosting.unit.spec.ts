// The gateway serves the web console on its own origin, sends a browser that opens /graphql to the
// GraphQL IDE instead of a CSRF error page, and still refuses cross-site-capable requests.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestGateway, type TestGateway } from '../../test/support/test-gateway';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('web console hosting', () => {
  let dir: string;
  let gateway: TestGateway;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'crm-console-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console-marker</title>');
    writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
    gateway = await startTestGateway({ CRM_CONSOLE_DIR: dir });
  });

  afterAll(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (p: string, accept = BROWSER_ACCEPT) =>
    fetch(`${gateway.baseUrl}${p}`, { headers: { accept }, redirect: 'manual' });

  it('serves the console on / with headers that forbid framing and sniffing', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('console-marker');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers the console for its client-side routes, so a reload on a screen works', async () => {
    const res = await get('/customers/0190a1b2-0000-7000-8000-000000000001');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('console-marker');
  });

  it('serves built assets with a long cache', async () => {
    const res = await get('/assets/app-abc123.js', '*/*');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('console.log');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('sends a browser that opens /graphql to the GraphQL IDE instead of a CSRF error page', async () => {
    const res = await get('/graphql');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/graphiql');
  });

  it('keeps CSRF prevention for operations: a simple POST or an unflagged GET query is refused', async () => {
    const post = await fetch(`${gateway.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.status).toBe(400);
    expect(await post.text()).toMatch(/Cross-Site Request Forgery/);

    const getQuery = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(getQuery.status).toBe(400);
    expect(await getQuery.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('leaves the API paths to the API', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('console-marker');
  });
});

describe('web console hosting before the console is built', () => {
  it('answers 503 with how to build it, not a stack trace', async () => {
    const gateway = await startTestGateway({
      CRM_CONSOLE_DIR: path.join(tmpdir(), 'crm-console-missing-dir'),
    });
    try {
      const res = await fetch(`${gateway.baseUrl}/`, { headers: { accept: BROWSER_ACCEPT } });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('console/build.sh');
    } finally {
      await gateway.close();
    }
  });
});
