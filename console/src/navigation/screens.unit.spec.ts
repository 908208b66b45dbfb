import { homePathFor, screensFor } from './screens';

const ids = (roles: Parameters<typeof screensFor>[0]) => screensFor(roles).map((s) => s.id);

describe('navigation per role', () => {
  it('shows a sales rep customers, pipeline and loyalty, but no tickets or audit', () => {
    expect(ids(['SALES_REP'])).toEqual(['customers', 'pipeline', 'loyalty', 'graphiql']);
  });

  it('shows a service agent the ticket queue but not the pipeline', () => {
    expect(ids(['SERVICE_AGENT'])).toEqual(['customers', 'tickets', 'loyalty', 'graphiql']);
  });

  it('shows a service lead neither loyalty nor pipeline (the gateway refuses both)', () => {
    expect(ids(['SERVICE_LEAD'])).toEqual(['customers', 'tickets', 'graphiql']);
  });

  it('shows the event browser to auditors only', () => {
    expect(ids(['ADMIN'])).not.toContain('audit');
    expect(ids(['AUDITOR'])).toContain('audit');
  });

  it('gives several roles the union of their screens, in menu order', () => {
    expect(ids(['MARKETER', 'SERVICE_LEAD'])).toEqual([
      'customers',
      'tickets',
      'loyalty',
      'graphiql',
    ]);
  });

  it('lands on the first screen of the menu', () => {
    expect(homePathFor(['SERVICE_LEAD'])).toBe('/customers');
  });
});
