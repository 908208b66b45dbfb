// Which fields of which service-desk events are personal data. Every such event names its data
// subject in `data.dataSubjectId`: the customer the ticket was opened for, or the ticket itself
// until one is linked (like a lead before conversion). Declarations only ever grow.
export const SERVICE_DESK_SUBJECT_ID_FIELD = 'dataSubjectId';

export const SERVICE_DESK_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'service-desk.TicketOpened': ['body', 'requesterEmail'],
  'service-desk.AgentReplied': ['body'],
  'service-desk.InternalNoteAdded': ['body'],
  'service-desk.CustomerMessageReceived': ['body'],
  'service-desk.CsatAnswered': ['comment'],
  'service-desk.NpsSurveySent': ['email'],
  'service-desk.NpsAnswered': ['comment'],
};
