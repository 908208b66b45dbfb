import {
  homePathFor,
  mayAdjustForecasts,
  homeSections,
  mayAnswerTickets,
  mayApproveQuotes,
  mayApproveStep,
  mayDefineApprovalPolicy,
  mayRemoveNote,
  mayDoToCustomers,
  mayPublishArticles,
  maySell,
  mayUseLoyaltyProgramme,
  screensFor,
} from './screens';

const ids = (roles: Parameters<typeof screensFor>[0]) => screensFor(roles).map((s) => s.id);

describe('navigation per role', () => {
  it('shows a sales rep the sales screens, but no tickets, marketing or audit', () => {
    expect(ids(['SALES_REP'])).toEqual([
      'home',
      'customers',
      'pipeline',
      'leads',
      'calendar',
      'quotes',
      'forecast',
      'loyalty',
      'reports',
      'graphiql',
    ]);
  });

  it('shows a service agent the service desk screens but not the pipeline', () => {
    expect(ids(['SERVICE_AGENT'])).toEqual([
      'home',
      'customers',
      'tickets',
      'knowledge',
      'satisfaction',
      'loyalty',
      'reports',
      'graphiql',
      'sla',
      'care',
    ]);
  });

  it('shows a service lead neither loyalty nor pipeline (the gateway refuses both)', () => {
    expect(ids(['SERVICE_LEAD'])).toEqual([
      'home',
      'customers',
      'tickets',
      'knowledge',
      'satisfaction',
      'reports',
      'graphiql',
      'sla',
      'care',
    ]);
  });

  it('shows marketing to marketers, admins and auditors (segment and message previews)', () => {
    expect(ids(['MARKETER'])).toEqual([
      'home',
      'customers',
      'marketing',
      'loyalty',
      'reports',
      'graphiql',
    ]);
    expect(ids(['ADMIN'])).toContain('marketing');
    expect(ids(['AUDITOR'])).toContain('marketing');
    expect(ids(['SALES_MANAGER'])).not.toContain('marketing');
  });

  it('shows the event browser to auditors only', () => {
    expect(ids(['ADMIN'])).not.toContain('audit');
    expect(ids(['AUDITOR'])).toContain('audit');
  });

  it('gives several roles the union of their screens, in menu order', () => {
    expect(ids(['MARKETER', 'SERVICE_LEAD'])).toEqual([
      'home',
      'customers',
      'tickets',
      'knowledge',
      'satisfaction',
      'marketing',
      'loyalty',
      'reports',
      'graphiql',
      'sla',
      'care',
    ]);
  });

  it('lands on "my day"', () => {
    expect(homePathFor(['SERVICE_LEAD'])).toBe('/home');
  });
});

describe('"my day" per role', () => {
  it('gives a sales rep activities but no approvals (only managers and admins approve)', () => {
    expect(homeSections(['SALES_REP'])).toEqual(['activities', 'followUps']);
    expect(mayApproveQuotes(['SALES_REP'])).toBe(false);
  });

  it('gives a sales manager activities and the approval queue', () => {
    expect(homeSections(['SALES_MANAGER'])).toEqual(['activities', 'approvals', 'followUps']);
    expect(mayApproveQuotes(['SALES_MANAGER'])).toBe(true);
  });

  it('gives service roles the tickets near breach, an admin everything, a marketer nothing', () => {
    expect(homeSections(['SERVICE_AGENT'])).toEqual(['nearBreach']);
    expect(homeSections(['ADMIN'])).toEqual(['activities', 'approvals', 'nearBreach', 'followUps']);
    expect(homeSections(['MARKETER'])).toEqual([]);
  });

  it('never offers an auditor the approval of a quote', () => {
    expect(homeSections(['AUDITOR'])).toEqual(['activities', 'nearBreach']);
  });
});

describe('customer and ticket actions per role', () => {
  it('lets only an admin erase, admins and auditors export, admins and managers merge', () => {
    expect(mayDoToCustomers(['ADMIN'], 'erase')).toBe(true);
    expect(mayDoToCustomers(['SALES_MANAGER'], 'erase')).toBe(false);
    expect(mayDoToCustomers(['AUDITOR'], 'export')).toBe(true);
    expect(mayDoToCustomers(['SALES_REP'], 'export')).toBe(false);
    expect(mayDoToCustomers(['SALES_MANAGER'], 'merge')).toBe(true);
    expect(mayDoToCustomers(['SERVICE_AGENT'], 'merge')).toBe(false);
  });

  it('lets writers register and importers import, but not an auditor or a marketer register', () => {
    expect(mayDoToCustomers(['SERVICE_AGENT'], 'register')).toBe(true);
    expect(mayDoToCustomers(['AUDITOR'], 'register')).toBe(false);
    expect(mayDoToCustomers(['MARKETER'], 'register')).toBe(false);
    expect(mayDoToCustomers(['MARKETER'], 'import')).toBe(true);
    expect(mayDoToCustomers(['SALES_REP'], 'import')).toBe(false);
  });

  it('lets service writers answer tickets, not an auditor', () => {
    expect(mayAnswerTickets(['SERVICE_AGENT'])).toBe(true);
    expect(mayAnswerTickets(['AUDITOR'])).toBe(false);
  });
});

describe('sales, knowledge-base and loyalty programme actions per role', () => {
  it('lets sales writers work leads and write quotes, not an auditor', () => {
    expect(maySell(['SALES_REP'])).toBe(true);
    expect(maySell(['AUDITOR'])).toBe(false);
  });

  it('lets service leads and admins publish articles, not an agent', () => {
    expect(mayPublishArticles(['SERVICE_LEAD'])).toBe(true);
    expect(mayPublishArticles(['SERVICE_AGENT'])).toBe(false);
  });

  it('shows the liability to admins and auditors, the settings to admins and marketers', () => {
    expect(mayUseLoyaltyProgramme(['AUDITOR'], 'liability')).toBe(true);
    expect(mayUseLoyaltyProgramme(['MARKETER'], 'liability')).toBe(false);
    expect(mayUseLoyaltyProgramme(['MARKETER'], 'settings')).toBe(true);
    expect(mayUseLoyaltyProgramme(['AUDITOR'], 'settings')).toBe(false);
  });
});

describe('forecast calls per role', () => {
  it('lets managers and admins adjust a submitted call, not the rep who made it or an auditor', () => {
    expect(mayAdjustForecasts(['SALES_MANAGER'])).toBe(true);
    expect(mayAdjustForecasts(['ADMIN'])).toBe(true);
    expect(mayAdjustForecasts(['SALES_REP'])).toBe(false);
    expect(mayAdjustForecasts(['AUDITOR'])).toBe(false);
    // Submitting one's own call is a sales writer's: an auditor reads the forecast only.
    expect(maySell(['SALES_REP'])).toBe(true);
    expect(maySell(['AUDITOR'])).toBe(false);
  });

  it('opens the opportunity page to the roles of the pipeline (the same screen)', () => {
    const pipeline = (roles: Parameters<typeof screensFor>[0]) =>
      screensFor(roles).some((s) => s.id === 'pipeline');
    expect(pipeline(['AUDITOR'])).toBe(true);
    expect(pipeline(['SALES_REP'])).toBe(true);
    expect(pipeline(['MARKETER'])).toBe(false);
    expect(pipeline(['SERVICE_AGENT'])).toBe(false);
  });
});

describe('sales records: notes and the approval policy per role', () => {
  it('lets the author remove a note, and a manager or admin anyone’s, never an auditor', () => {
    expect(mayRemoveNote({ id: 'rep-1', roles: ['SALES_REP'] }, 'rep-1')).toBe(true);
    expect(mayRemoveNote({ id: 'rep-2', roles: ['SALES_REP'] }, 'rep-1')).toBe(false);
    expect(mayRemoveNote({ id: 'boss', roles: ['SALES_MANAGER'] }, 'rep-1')).toBe(true);
    expect(mayRemoveNote({ id: 'root', roles: ['ADMIN'] }, 'rep-1')).toBe(true);
    expect(mayRemoveNote({ id: 'aud', roles: ['AUDITOR'] }, 'aud')).toBe(false);
  });

  it('shows the approval policy to admins and auditors, lets only admins change it', () => {
    const offered = (roles: Parameters<typeof screensFor>[0]) =>
      screensFor(roles).some((s) => s.id === 'approvalPolicy');
    expect(offered(['ADMIN'])).toBe(true);
    expect(offered(['AUDITOR'])).toBe(true);
    expect(offered(['SALES_MANAGER'])).toBe(false);
    expect(mayDefineApprovalPolicy(['ADMIN'])).toBe(true);
    expect(mayDefineApprovalPolicy(['AUDITOR'])).toBe(false);
  });

  it('lets an admin give any approval step, a manager only a manager’s', () => {
    expect(mayApproveStep(['ADMIN'], 'SALES_MANAGER')).toBe(true);
    expect(mayApproveStep(['ADMIN'], 'ADMIN')).toBe(true);
    expect(mayApproveStep(['SALES_MANAGER'], 'SALES_MANAGER')).toBe(true);
    expect(mayApproveStep(['SALES_MANAGER'], 'ADMIN')).toBe(false);
    expect(mayApproveStep(['SALES_REP'], 'SALES_MANAGER')).toBe(false);
  });
});
