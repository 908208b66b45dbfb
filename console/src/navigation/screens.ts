// Which screens a user sees, by role. Each screen lists the roles the gateway allows for the
// GraphQL operations it needs (docs/security.md, gateway/src/**/*.resolver.ts): navigation never
// offers a screen whose data the role would be refused.
export type Role =
  | 'ADMIN'
  | 'SALES_MANAGER'
  | 'SALES_REP'
  | 'SERVICE_AGENT'
  | 'SERVICE_LEAD'
  | 'MARKETER'
  | 'AUDITOR';

export type ScreenId = 'customers' | 'pipeline' | 'tickets' | 'loyalty' | 'audit' | 'graphiql';

export interface Screen {
  readonly id: ScreenId;
  readonly path: string;
  /** i18n key of the menu label. */
  readonly labelKey: `nav.${ScreenId}`;
  readonly roles: readonly Role[];
}

const EVERY_ROLE: readonly Role[] = [
  'ADMIN',
  'SALES_MANAGER',
  'SALES_REP',
  'SERVICE_AGENT',
  'SERVICE_LEAD',
  'MARKETER',
  'AUDITOR',
];

export const SCREENS: readonly Screen[] = [
  // `customers`, `customer`, `customerTimeline`: every role (record scope applies).
  { id: 'customers', path: '/customers', labelKey: 'nav.customers', roles: EVERY_ROLE },
  // `pipelineBoard`: sales readers (SALES_READERS in gateway/src/sales/sales.resolver.ts).
  {
    id: 'pipeline',
    path: '/pipeline',
    labelKey: 'nav.pipeline',
    roles: ['ADMIN', 'SALES_MANAGER', 'SALES_REP', 'AUDITOR'],
  },
  // `ticketQueue`, `slaClock`: ticket readers (gateway/src/service-desk/service-desk.resolver.ts).
  {
    id: 'tickets',
    path: '/tickets',
    labelKey: 'nav.tickets',
    roles: ['ADMIN', 'SERVICE_LEAD', 'SERVICE_AGENT', 'AUDITOR'],
  },
  // `loyaltyMember`: MEMBER_READERS in gateway/src/loyalty/loyalty.resolver.ts.
  {
    id: 'loyalty',
    path: '/loyalty',
    labelKey: 'nav.loyalty',
    roles: ['ADMIN', 'SALES_MANAGER', 'SALES_REP', 'SERVICE_AGENT', 'MARKETER', 'AUDITOR'],
  },
  // `auditEvents`, `aggregateAsOf`: auditors only (gateway/src/audit/audit.resolver.ts).
  { id: 'audit', path: '/audit', labelKey: 'nav.audit', roles: ['AUDITOR'] },
  // The GraphQL IDE: any signed-in user; the API still checks every operation's roles.
  { id: 'graphiql', path: '/graphiql', labelKey: 'nav.graphiql', roles: EVERY_ROLE },
];

/** The screens any of the user's roles may use, in menu order. */
export function screensFor(roles: readonly Role[]): Screen[] {
  return SCREENS.filter((screen) => screen.roles.some((role) => roles.includes(role)));
}

/** Where a user lands after signing in: the first screen of their menu. */
export function homePathFor(roles: readonly Role[]): string {
  return screensFor(roles)[0]?.path ?? '/customers';
}
