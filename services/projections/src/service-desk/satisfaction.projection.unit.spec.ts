import type { EventEnvelope } from '@crm/event-sourcing';
import { NPS_MODEL, SATISFACTION_MODEL, projectSatisfaction } from './satisfaction.projection';

describe('satisfaction projection', () => {
  it('keeps one answer per tenant, ticket and survey, without the comment', () => {
    const envelope = {
      type: 'service-desk.CsatAnswered',
      streamId: 'service-desk.Ticket-T-1',
      tenantId: 'tenant-a',
      data: {
        ticketId: 'T-1',
        at: '2026-12-08T09:00:00.000Z',
        surveyId: '2026-12-07T16:00:00.000Z',
        score: 4,
        comment: { $enc: 'v1' },
        agentId: 'ada',
        teamId: 'desk-a',
        dataSubjectId: 'T-1',
      },
    } as unknown as EventEnvelope;
    expect(projectSatisfaction(envelope)).toEqual([
      {
        kind: 'upsert',
        model: SATISFACTION_MODEL,
        id: 'tenant-a:T-1:2026-12-07T16:00:00.000Z',
        set: {
          tenantId: 'tenant-a',
          ticketId: 'T-1',
          surveyId: '2026-12-07T16:00:00.000Z',
          score: 4,
          answeredAt: '2026-12-08T09:00:00.000Z',
          agentId: 'ada',
          teamId: 'desk-a',
        },
      },
    ]);
    expect(projectSatisfaction({ ...envelope, type: 'service-desk.TicketResolved' })).toEqual([]);
  });

  it('keeps one NPS answer per tenant, customer and survey, without the comment', () => {
    const envelope = {
      type: 'service-desk.NpsAnswered',
      streamId: 'service-desk.NpsSurvey-c-1',
      tenantId: 'tenant-a',
      data: {
        customerId: 'c-1',
        at: '2027-01-05T09:00:00.000Z',
        surveyId: '2027-01-04T09:00:00.000Z',
        score: 9,
        comment: { $enc: 'v1' },
        dataSubjectId: 'c-1',
      },
    } as unknown as EventEnvelope;
    expect(projectSatisfaction(envelope)).toEqual([
      {
        kind: 'upsert',
        model: NPS_MODEL,
        id: 'tenant-a:c-1:2027-01-04T09:00:00.000Z',
        set: {
          tenantId: 'tenant-a',
          customerId: 'c-1',
          surveyId: '2027-01-04T09:00:00.000Z',
          score: 9,
          answeredAt: '2027-01-05T09:00:00.000Z',
        },
      },
    ]);
  });
});
