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

export type ScreenId =
  | 'home'
  | 'customers'
  | 'pipeline'
  | 'leads'
  | 'calendar'
  | 'quotes'
  | 'forecast'
  | 'tickets'
  | 'knowledge'
  | 'satisfaction'
  | 'marketing'
  | 'loyalty'
  | 'reports'
  | 'audit'
  | 'graphiql'
  | 'sla'
  | 'care'
  | 'approvalPolicy';

export interface Screen {
  readonly id: ScreenId;
  readonly path: string;
  /** i18n key of the menu label. */
  readonly labelKey: `nav.${ScreenId}`;
  readonly roles: readonly Role[];
}

export const EVERY_ROLE: readonly Role[] = [
  'ADMIN',
  'SALES_MANAGER',
  'SALES_REP',
  'SERVICE_AGENT',
  'SERVICE_LEAD',
  'MARKETER',
  'AUDITOR',
];

// `pipelineBoard`, `quotes`, `salesForecast`, `myActivities`: SALES_READERS in
// gateway/src/sales/sales-resolver.base.ts.
const SALES_READERS: readonly Role[] = ['ADMIN', 'SALES_MANAGER', 'SALES_REP', 'AUDITOR'];
// `qualifyLead`, `disqualifyLead`, `createQuote`, notes, follow-ups, conversion: SALES_WRITERS
// (libs/access-policy/src/sales-rpc-roles.ts).
const SALES_WRITERS: readonly Role[] = ['ADMIN', 'SALES_MANAGER', 'SALES_REP'];
// `approveQuote`: SALES_LEADS in libs/access-policy/src/sales-rpc-roles.ts.
export const QUOTE_APPROVERS: readonly Role[] = ['ADMIN', 'SALES_MANAGER'];
// `ticketQueue`, `slaClock`, the knowledge base and CSAT/NPS: GetSlaClock's roles
// (libs/access-policy/src/service-desk-rpc-roles.ts).
const TICKET_READERS: readonly Role[] = ['ADMIN', 'SERVICE_LEAD', 'SERVICE_AGENT', 'AUDITOR'];
// `previewSegment`, `previewMessage`: RULE_READERS in gateway/src/marketing/marketing.resolver.ts.
const MARKETING_READERS: readonly Role[] = ['ADMIN', 'MARKETER', 'AUDITOR'];

export const SCREENS: readonly Screen[] = [
  // "My day": every role; its sections follow the roles too (homeSections below).
  { id: 'home', path: '/home', labelKey: 'nav.home', roles: EVERY_ROLE },
  // `customers`, `customer`, `customerTimeline`: every role (record scope applies).
  { id: 'customers', path: '/customers', labelKey: 'nav.customers', roles: EVERY_ROLE },
  // `pipelineBoard`: sales readers (SALES_READERS in gateway/src/sales/sales.resolver.ts).
  { id: 'pipeline', path: '/pipeline', labelKey: 'nav.pipeline', roles: SALES_READERS },
  // `leads`, `activities`: SALES_READERS as well (gateway/src/sales/sales.resolver.ts).
  { id: 'leads', path: '/leads', labelKey: 'nav.leads', roles: SALES_READERS },
  { id: 'calendar', path: '/calendar', labelKey: 'nav.calendar', roles: SALES_READERS },
  { id: 'quotes', path: '/quotes', labelKey: 'nav.quotes', roles: SALES_READERS },
  { id: 'forecast', path: '/forecast', labelKey: 'nav.forecast', roles: SALES_READERS },
  // `ticketQueue`, `slaClock`: ticket readers (gateway/src/service-desk/service-desk.resolver.ts).
  { id: 'tickets', path: '/tickets', labelKey: 'nav.tickets', roles: TICKET_READERS },
  { id: 'knowledge', path: '/knowledge', labelKey: 'nav.knowledge', roles: TICKET_READERS },
  {
    id: 'satisfaction',
    path: '/satisfaction',
    labelKey: 'nav.satisfaction',
    roles: TICKET_READERS,
  },
  { id: 'marketing', path: '/marketing', labelKey: 'nav.marketing', roles: MARKETING_READERS },
  // `loyaltyMember`: MEMBER_READERS in gateway/src/loyalty/loyalty.resolver.ts.
  {
    id: 'loyalty',
    path: '/loyalty',
    labelKey: 'nav.loyalty',
    roles: ['ADMIN', 'SALES_MANAGER', 'SALES_REP', 'SERVICE_AGENT', 'MARKETER', 'AUDITOR'],
  },
  // Reports (standard packs, custom, drill-down, export): any role, figures within record scope.
  { id: 'reports', path: '/reports', labelKey: 'nav.reports', roles: EVERY_ROLE },
  // `auditEvents`, `aggregateAsOf`: auditors only (gateway/src/audit/audit.resolver.ts).
  { id: 'audit', path: '/audit', labelKey: 'nav.audit', roles: ['AUDITOR'] },
  // The GraphQL IDE: any signed-in user; the API still checks every operation's roles.
  { id: 'graphiql', path: '/graphiql', labelKey: 'nav.graphiql', roles: EVERY_ROLE },
  // `slaDashboard`: ticket readers (gateway/src/service-desk/sla-dashboard.resolver.ts).
  { id: 'sla', path: '/sla', labelKey: 'nav.sla', roles: TICKET_READERS },
  // `careTasks`: ticket readers (gateway/src/service-desk/care-tasks.resolver.ts).
  { id: 'care', path: '/care', labelKey: 'nav.care', roles: TICKET_READERS },
  // `quoteApprovalPolicy`: admins (who define it) and auditors (gateway/src/sales).
  {
    id: 'approvalPolicy',
    path: '/settings/quote-approvals',
    labelKey: 'nav.approvalPolicy',
    roles: ['ADMIN', 'AUDITOR'],
  },
];

/** The screens any of the user's roles may use, in menu order. */
export function screensFor(roles: readonly Role[]): Screen[] {
  return SCREENS.filter((screen) => screen.roles.some((role) => roles.includes(role)));
}

/** Where a user lands after signing in: the first screen of their menu ("my day"). */
export function homePathFor(roles: readonly Role[]): string {
  return screensFor(roles)[0]?.path ?? '/home';
}

export type HomeSection = 'activities' | 'approvals' | 'nearBreach' | 'followUps';

const may = (roles: readonly Role[], allowed: readonly Role[]) =>
  roles.some((role) => allowed.includes(role));

/** The parts of "my day" a user sees: each needs a query (or a decision) the roles may make. */
export function homeSections(roles: readonly Role[]): HomeSection[] {
  return [
    ...(may(roles, SALES_READERS) ? (['activities'] as const) : []),
    ...(may(roles, QUOTE_APPROVERS) ? (['approvals'] as const) : []),
    ...(may(roles, TICKET_READERS) ? (['nearBreach'] as const) : []),
    // `salesMyDay.leadsWaiting`: the open leads the user owns, with their follow-ups (ADR 0383).
    ...(may(roles, SALES_WRITERS) ? (['followUps'] as const) : []),
  ];
}

/** Whether the user may approve quotes (the button is not offered otherwise). */
export const mayApproveQuotes = (roles: readonly Role[]): boolean => may(roles, QUOTE_APPROVERS);

// Customer actions (gateway/src/customers/customer-mutations.resolver.ts and
// customer-service-queries.resolver.ts): `registerCustomer` CUSTOMER_WRITERS, `importCustomers`
// CUSTOMER_IMPORTERS (libs/access-policy/src/customers-rpc-roles.ts), `mergeCustomers` admin and
// sales manager, `exportPersonalData` admin and auditor, `erasePersonalData` admin only.
const CUSTOMER_ACTION_ROLES = {
  register: ['ADMIN', 'SALES_MANAGER', 'SALES_REP', 'SERVICE_AGENT'],
  import: ['ADMIN', 'SALES_MANAGER', 'MARKETER'],
  merge: ['ADMIN', 'SALES_MANAGER'],
  export: ['ADMIN', 'AUDITOR'],
  erase: ['ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

export type CustomerAction = keyof typeof CUSTOMER_ACTION_ROLES;

/** Whether the user's roles may take a customer action (the console offers it only then). */
export const mayDoToCustomers = (roles: readonly Role[], action: CustomerAction): boolean =>
  may(roles, CUSTOMER_ACTION_ROLES[action]);

// `replyToTicket`: SERVICE_DESK_WRITERS (libs/access-policy/src/service-desk-rpc-roles.ts).
const TICKET_WRITERS: readonly Role[] = ['ADMIN', 'SERVICE_LEAD', 'SERVICE_AGENT'];

/** Whether the user may answer tickets (auditors read the queue only). */
export const mayAnswerTickets = (roles: readonly Role[]): boolean => may(roles, TICKET_WRITERS);

/** Whether the user may work leads and write quotes (auditors read them only). */
export const maySell = (roles: readonly Role[]): boolean => may(roles, SALES_WRITERS);

// `publishArticle`, `retireArticle`: SERVICE_DESK_LEADS (libs/access-policy/src/service-desk-rpc-roles.ts).
const SERVICE_DESK_LEADS: readonly Role[] = ['ADMIN', 'SERVICE_LEAD'];

/** Whether the user may publish knowledge-base drafts (agents write drafts only). */
export const mayPublishArticles = (roles: readonly Role[]): boolean =>
  may(roles, SERVICE_DESK_LEADS);

// `loyaltyLiability`: LIABILITY_READERS in gateway/src/loyalty/loyalty.resolver.ts;
// `defineLoyaltyProgram`: DefineProgram in libs/access-policy/src/loyalty-rpc-roles.ts;
// `loyaltyMemberAsOf` (tier progress): GetMemberAsOf there.
const LOYALTY_PROGRAMME_ROLES = {
  liability: ['ADMIN', 'AUDITOR'],
  settings: ['ADMIN', 'MARKETER'],
  progress: ['ADMIN', 'SALES_MANAGER', 'SERVICE_AGENT', 'AUDITOR'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether the user sees the programme's liability or may define its settings. */
export const mayUseLoyaltyProgramme = (
  roles: readonly Role[],
  part: keyof typeof LOYALTY_PROGRAMME_ROLES,
): boolean => may(roles, LOYALTY_PROGRAMME_ROLES[part]);

// `adjustForecast`: SALES_LEADS in libs/access-policy/src/sales-rpc-roles.ts (a rep submits their
// own call with `submitForecast`, SALES_WRITERS; a manager or admin adjusts a submitted one).
const FORECAST_ADJUSTERS: readonly Role[] = ['ADMIN', 'SALES_MANAGER'];

/** Whether the user may adjust a team member's submitted forecast. */
export const mayAdjustForecasts = (roles: readonly Role[]): boolean =>
  may(roles, FORECAST_ADJUSTERS);

// `defineQuoteApprovalPolicy`: admins only (libs/access-policy/src/sales-rpc-roles.ts).
/** Whether the user may change the tenant's quote approval policy (auditors read it). */
export const mayDefineApprovalPolicy = (roles: readonly Role[]): boolean => may(roles, ['ADMIN']);

// `removeSalesNote` (ADR 0384): its author, or a manager or admin who sees the note.
const NOTE_MODERATORS: readonly Role[] = ['ADMIN', 'SALES_MANAGER'];

/** Whether the user may remove an internal note written by `authorId`. */
export const mayRemoveNote = (
  user: { readonly id: string; readonly roles: readonly Role[] },
  authorId: string,
): boolean => maySell(user.roles) && (user.id === authorId || may(user.roles, NOTE_MODERATORS));

/**
 * Whether the user may give a quote's next approval step (ADR 0382): an admin any step, a sales
 * manager a manager's; the service answers NOT_THE_APPROVER otherwise.
 */
export const mayApproveStep = (roles: readonly Role[], next: 'ADMIN' | 'SALES_MANAGER'): boolean =>
  roles.includes('ADMIN') || (next === 'SALES_MANAGER' && roles.includes('SALES_MANAGER'));
