// D1: the service desk's computations (issue 12), in process and single-threaded, as the service
// and its timer worker run them. (a) SLA deadline: one business-time addition on a versioned office
// calendar with holidays (the warning and breach instants of every timer), p99 over varied starts
// and targets. (b) Breach sweep: 10,000 open tickets' states (folded from their events) each
// checked for a breach at one instant by the decider (`CheckSla`), the time of the whole sweep;
// the timer and store I/O per firing is T1's `burst.commands`. (c) Suggestion: ranking a ticket's
// subject over 10,000 published articles of a tenant with the kept index (ADR 0290), p99, against
// `rankArticles` building its index per query (the gateway's search, ADR 0212) as the baseline.
import {
  addBusinessTime,
  defineBusinessCalendar,
  defineSlaPolicy,
  ticketDecider,
  type TicketEvent,
  type TicketState,
} from '@crm/service-desk-domain';
import { PublishedArticleIndex, rankArticles } from '@crm/service-desk-read-models';
import { LatencyHistogram, type LatencySummary } from '../harness/histogram';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';

const calendar = defineBusinessCalendar({
  calendarId: 'office',
  version: 1,
  timeZone: 'Europe/Paris',
  workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
  holidays: [
    { name: 'Christmas', from: '2026-12-25', to: '2026-12-25' },
    { name: 'New year', from: '2027-01-01', to: '2027-01-01' },
  ],
});
const policy = defineSlaPolicy({
  policyId: 'standard',
  version: 1,
  calendar,
  targets: { firstResponse: 4 * 60, nextResponse: 8 * 60, resolution: 40 * 60 },
  warnAtPercent: 80,
  pausedStatuses: ['waiting_on_customer', 'waiting_on_third_party'],
  match: {},
});
const START = Date.parse('2026-12-07T08:00:00Z');
const HOUR = 3_600_000;

const WORDS = (
  'password invoice refund parcel delivery login account printer scanner warranty order ' +
  'payment card address shipping return label broken screen battery charger subscription ' +
  'cancel upgrade plan export import report sync mobile app notification email phone'
).split(' ');

function article(i: number) {
  const word = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length]!;
  return {
    articleId: `a-${i}`,
    locale: 'en',
    version: 1,
    title: `${word(0)} ${word(1)} help ${i}`,
    body: `How to handle ${word(2)} and ${word(3)} when the ${word(4)} fails. ${word(5)} ${word(6)}.`,
    tags: [word(7)],
    visibility: 'public' as const,
  };
}

function deadlineP99(samples: number): LatencySummary {
  const histogram = new LatencyHistogram();
  for (let i = 0; i < samples; i++) {
    const from = START + ((i * 37) % (24 * 21)) * HOUR + (i % 60) * 60_000;
    const target = ((i % 5) + 1) * 2 * HOUR;
    const start = process.hrtime.bigint();
    addBusinessTime(calendar, from, target);
    histogram.recordSince(start);
  }
  return histogram.summary();
}

function openTickets(count: number): TicketState[] {
  const states: TicketState[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(START + (i % 480) * 60_000).toISOString();
    const events: readonly TicketEvent[] = ticketDecider.decide(
      {
        type: 'OpenTicket',
        data: {
          ticketId: `t-${i}`,
          at,
          channel: 'email',
          subject: 'Cannot sign in',
          body: 'My password is lost.',
          priority: 'normal',
          type: 'question',
          tags: [],
          policy,
        },
      },
      ticketDecider.initialState,
    );
    states.push(
      events.reduce(
        (state, event) => ticketDecider.evolve(state, event),
        ticketDecider.initialState,
      ),
    );
  }
  return states;
}

/** Milliseconds to check every ticket for its first-response breach at one instant. */
function sweepMs(states: readonly TicketState[], at: string): { ms: number; breaches: number } {
  const start = process.hrtime.bigint();
  let breaches = 0;
  states.forEach((state, i) => {
    const decided = ticketDecider.decide(
      { type: 'CheckSla', data: { ticketId: `t-${i}`, at, milestone: 'firstResponse' } },
      state,
    );
    breaches += decided.length;
  });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, breaches };
}

function suggestionP99(queries: number, suggest: (query: string) => unknown): LatencySummary {
  const histogram = new LatencyHistogram();
  for (let i = 0; i < queries; i++) {
    const query = `${WORDS[i % WORDS.length]} ${WORDS[(i * 5) % WORDS.length]} not working`;
    const start = process.hrtime.bigint();
    suggest(query);
    histogram.recordSince(start);
  }
  return histogram.summary();
}

export const d1ServiceDesk: Scenario = {
  id: 'D1',
  title:
    'Service desk: SLA deadline p99, 10,000-ticket breach sweep, suggestions over 10,000 articles',
  goal: 'SLA deadline p99; 10,000 open tickets checked for breach in one sweep; suggestion p99 over 10,000 articles',
  baseline: 'suggestions: rankArticles indexing the candidates per query (the gateway search)',

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const deadlines = ctx.size(report, 'deadline computations per run', 100_000, 100_000);
    const tickets = ctx.size(report, 'open tickets in one sweep', 10_000, 10_000);
    const articles = ctx.size(report, 'published articles', 10_000, 10_000);
    const queries = ctx.size(report, 'suggestion queries per run', 500, 2000);
    const baselineQueries = Math.max(20, Math.round(queries / 25));
    report.setting('calendar', 'Mon–Fri 09:00–17:00 Europe/Paris, 2 holidays');
    report.setting('baseline queries per run', baselineQueries);
    const states = openTickets(tickets);
    const published = Array.from({ length: articles }, (_, i) => article(i));
    const indexStart = process.hrtime.bigint();
    const index = new PublishedArticleIndex();
    for (const a of published)
      index.apply({ type: 'service-desk.ArticlePublished', tenantId: 'bench', data: a });
    report.measure('index.build', 'ours', `index ${articles} articles`, 'ms', [
      Number(process.hrtime.bigint() - indexStart) / 1e6,
    ]);
    const deadline: LatencySummary[] = [];
    const sweep: number[] = [];
    const kept: LatencySummary[] = [];
    const perQuery: LatencySummary[] = [];
    for (let run = 0; run < ctx.runs; run++) {
      deadline.push(deadlineP99(deadlines));
      // 13:01 Paris: past every first-response deadline of the tickets opened 09:00–17:00.
      const swept = sweepMs(states, '2026-12-08T16:01:00.000Z');
      sweep.push(swept.ms);
      kept.push(
        suggestionP99(queries, (q) =>
          index.suggest('bench', q, { locale: 'en', publicOnly: true, limit: 5 }),
        ),
      );
      perQuery.push(suggestionP99(baselineQueries, (q) => rankArticles(q, published, 5)));
      ctx.log(
        `run ${run + 1}/${ctx.runs}: deadline p99 ${deadline.at(-1)!.p99Ms} ms; sweep of ${tickets} ` +
          `${swept.ms.toFixed(0)} ms (${swept.breaches} breaches); suggestion p99 ${kept.at(-1)!.p99Ms} ms ` +
          `(per-query index ${perQuery.at(-1)!.p99Ms} ms)`,
      );
    }
    report.measure(
      'deadline',
      'ours',
      'one SLA deadline (business time added)',
      'ms p99',
      deadline.map((l) => l.p99Ms),
      { latency: deadline },
    );
    report.measure('sweep', 'ours', `${tickets} open tickets checked for breach`, 'ms', sweep);
    report.measure(
      'suggest',
      'ours',
      `suggestion over ${articles} articles, kept index`,
      'ms p99',
      kept.map((l) => l.p99Ms),
      { latency: kept },
    );
    report.measure(
      'suggest',
      'per-query index',
      `the same with rankArticles`,
      'ms p99',
      perQuery.map((l) => l.p99Ms),
      { latency: perQuery },
    );
    report.ratio(
      'kept index / per-query index (p99)',
      'suggest',
      'ours',
      'suggest',
      'per-query index',
    );
    report.note('In-process CPU figures on one thread; the timer and store cost per firing is T1.');
  },
};
