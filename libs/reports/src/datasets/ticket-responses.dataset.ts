// Tickets with their first response (docs/reports.md, first-response percentiles): the desk's
// queue rows, in the ticket scope, each with the first public agent reply from the reports
// context's ticket history (the queue keeps the last reply only). First-response hours run from
// the opening to that reply, in calendar hours. As of an instant: the tickets as they stood then
// (ticketAsOf), and a first reply only if it was sent by then.
import { declareDataset, hoursBetween, type DatasetSpec } from './dataset';
import { ticketsDataset, type TicketRow } from './service-desk.dataset';
import { REPORT_TICKET_HISTORY_PROJECTION, ticketHistories, ticketThen } from './ticket-history';

const tickets = ticketsDataset as unknown as DatasetSpec<TicketRow>;

const firstResponseHours = (row: TicketRow): number | null =>
  hoursBetween(row.openedAt, row.firstReplyAt);

export const ticketResponsesDataset = declareDataset<TicketRow>({
  ...tickets,
  name: 'ticketResponses',
  label: 'Tickets with their first response',
  // The tickets dataset reconciles the same streams.
  storeCategory: undefined,
  join: async (rows, source, asOf) => {
    const histories = await ticketHistories(rows, source);
    return rows.map((row) => {
      const history = histories.get(row._id);
      const then = history && ticketThen(history, asOf);
      return then?.firstReplyAt
        ? { ...row, firstReplyAt: then.firstReplyAt, firstReplyBy: then.firstReplyBy }
        : row;
    });
  },
  joinedProjections: [REPORT_TICKET_HISTORY_PROJECTION],
  measures: {
    ...tickets.measures,
    responded: {
      kind: 'ratio',
      label: 'Responded % (an agent replied)',
      numerator: (row) => row.firstReplyAt !== undefined,
      denominator: () => true,
    },
    firstResponseHoursP50: {
      kind: 'percentile',
      label: 'First-response hours, median',
      p: 50,
      value: firstResponseHours,
    },
    firstResponseHoursP90: {
      kind: 'percentile',
      label: 'First-response hours, 90th percentile',
      p: 90,
      value: firstResponseHours,
    },
  },
  record: (row) => ({ ...tickets.record(row), firstReplyAt: row.firstReplyAt ?? null }),
});
