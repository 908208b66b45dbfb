// Every size limit of the service-desk context, defined once: parsers enforce them, the gateway
// quotes them, docs/service-desk.md lists them.
export const SERVICE_DESK_LIMITS = {
  /** Client-chosen ids: ticket, agent, team, customer, calendar, policy ids. */
  id: 200,
  /** Ticket subject (characters). */
  subject: 500,
  /** One message body, reply or internal note (characters). */
  body: 100_000,
  /** One tag value. */
  tag: 64,
  /** Tags on a ticket. */
  tags: 50,
  /** Root cause, remedy, resolution summary, reasons. */
  reason: 5_000,
  /** Working intervals per weekday of a calendar. */
  intervalsPerDay: 8,
  /** Holidays of one calendar. */
  holidays: 500,
  /** A milestone target, in business minutes (one business year is far beyond any SLA). */
  targetMinutes: 60 * 24 * 365,
  /** Days after resolution within which a ticket may be reopened, upper bound of the setting. */
  reopenWindowDays: 365,
  /** Inbound mail: largest raw message accepted (bytes); larger mail is parked. */
  inboundMailBytes: 10 * 1024 * 1024,
  /** Knowledge-base article title (characters). */
  articleTitle: 300,
  /** Knowledge-base article body (characters). */
  articleBody: 200_000,
  /** A satisfaction survey's free-text comment (characters). */
  surveyComment: 2_000,
  /** Levels of one SLA policy's escalation ladder. */
  escalationLevels: 10,
  /** Locale tag of an article (e.g. `pt-BR`). */
  locale: 35,
} as const;
