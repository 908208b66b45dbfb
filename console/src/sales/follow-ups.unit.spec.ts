import { followUpsDueBy, localDateInput, localDateTimeInput } from './follow-ups';

describe('lead follow-ups in the console', () => {
  it('lists the follow-ups due by the end of the day, overdue first, none later or unset', () => {
    const endOfDay = new Date('2027-03-01T23:59:59.999Z');
    const leads = [
      { leadId: 'tomorrow', followUpAt: '2027-03-02T08:00:00.000Z' },
      { leadId: 'tonight', followUpAt: '2027-03-01T18:00:00.000Z' },
      { leadId: 'none', followUpAt: null },
      { leadId: 'overdue', followUpAt: '2027-02-27T09:00:00.000Z' },
    ];
    expect(followUpsDueBy(leads, endOfDay).map((l) => l.leadId)).toEqual(['overdue', 'tonight']);
  });

  it('gives date and date-time inputs the local day and minute, zero-padded', () => {
    const at = new Date(2027, 0, 5, 7, 3, 59);
    expect(localDateInput(at)).toBe('2027-01-05');
    expect(localDateTimeInput(at)).toBe('2027-01-05T07:03');
  });
});
