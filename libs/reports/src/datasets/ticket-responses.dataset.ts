// Tickets with their first response (docs/reports.md, first-response percentiles): the desk's
// queue rows, in the ticket scope, each joined with the first public agent reply the reports
// context keeps per ticket (the queue keeps the last reply only). First-response hours run from
// the opening to that reply, in calendar hours. As of an instant: the tickets as they stood then
// (ticketAsOf), and a first reply only if it was sent by then.
import {
  REPORT_TICKET_RESPONSES_MODEL,
  REPORT_TICKET_RESPONSES_PROJECTION,
  type TicketResponseDocument,
} from '../read-models/report-read-models';
import { declareDataset, hoursBetween, type DatasetSpec } from './dataset';
import { ticketsDataset } from './service-desk.dataset';

type Row = Record<string, unknown>;
const tickets = ticketsDataset as DatasetSpec<Row>;

const firstResponseHours = (row: Row): number | null =>
  hoursBetween(row.openedAt as string | undefined, row.firstReplyAt as string | undefined);

export const ticketResponsesDataset = declareDataset<Row>({
  ...tickets,
  name: 'ticketResponses',
  label: 'Tickets with their first response',
  // The tickets dataset reconciles the same streams.
  storeCategory: undefined,
  // The responses' documents carry no assignee or team: the scope filter's "unassigned" branch
  // matches them all, and the ids asked for are those of the ticket rows already in scope.
  join: async (rows, source, asOf) => {
    const ids = rows.map((r) => String(r._id));
    const found =
      ids.length === 0
        ? []
        : ((await source.find(
            REPORT_TICKET_RESPONSES_PROJECTION,
            REPORT_TICKET_RESPONSES_MODEL,
            { _id: { $in: ids } },
            ['firstReplyAt', 'firstReplyBy'],
          )) as unknown as TicketResponseDocument[]);
    const replyOf = new Map(found.map((r) => [String(r._id), r]));
    return rows.map((row) => {
      const reply = replyOf.get(String(row._id));
      const counted = reply && (!asOf || Date.parse(reply.firstReplyAt) <= asOf.getTime());
      return counted
        ? { ...row, firstReplyAt: reply.firstReplyAt, firstReplyBy: reply.firstReplyBy }
        : row;
    });
  },
  joinedProjections: [REPORT_TICKET_RESPONSES_PROJECTION],
  measures: {
    ...tickets.measures,
    responded: {
      kind: 'ratio',
      label: 'Responded % (an agent replied)',
      numerator: (row) => typeof row.firstReplyAt === 'string',
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
  record: (row) => ({
    ...tickets.record(row),
    firstReplyAt: (row.firstReplyAt as string | undefined) ?? null,
  }),
});
