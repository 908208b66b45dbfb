// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  InvalidTransitionError,
  LeadAlreadyConvertedError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
} from '../errors';
import type { LeadCaptured, LeadEvent } from './lead.events';
import { leadDecider } from './lead.decider';

const LEAD = 'lead-1';
const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-02T09:00:00.000Z';
const spec = deciderSpec(leadDecider);

const captured: LeadCaptured = {
  type: 'sales.LeadCaptured',
  data: {
    leadId: LEAD,
    source: 'web_form',
    contact: { name: 'Ada Lovelace', email: 'ada@example.com' },
    companyName: 'Analytical Engines',
    ownerId: null,
    teamId: 'team-a',
    capturedAt: T0,
  },
};
const qualified: LeadEvent = {
  type: 'sales.LeadQualified',
  data: { leadId: LEAD, qualifiedAt: T1 },
};
const disqualified: LeadEvent = {
  type: 'sales.LeadDisqualified',
  data: { leadId: LEAD, reason: 'no budget', disqualifiedAt: T1 },
};
const converted: LeadEvent = {
  type: 'sales.LeadConverted',
  data: { leadId: LEAD, customerId: 'cust-1', opportunityId: 'opp-1', convertedAt: T1 },
};
const convert = (customerId = 'cust-1') =>
  ({
    type: 'ConvertLead',
    data: { leadId: LEAD, customerId, opportunityId: 'opp-1', now: T1 },
  }) as const;

describe('Lead', () => {
  it('is captured once, with its contact under the lead', () => {
    const { capturedAt: _at, ...data } = captured.data;
    spec
      .given([])
      .when({ type: 'CaptureLead', data: { ...data, now: T0 } })
      .then([captured]);
    spec
      .given([captured])
      .when({ type: 'CaptureLead', data: { ...data, now: T1 } })
      .thenThrows(RecordAlreadyExistsError);
  });

  it('is assigned to an owner; assigning the same owner again decides nothing', () => {
    const assign = {
      type: 'AssignLead',
      data: { leadId: LEAD, ownerId: 'rep-1', teamId: 'team-a', strategy: 'manual', now: T1 },
    } as const;
    const assigned: LeadEvent = {
      type: 'sales.LeadAssigned',
      data: {
        leadId: LEAD,
        ownerId: 'rep-1',
        teamId: 'team-a',
        strategy: 'manual',
        assignedAt: T1,
      },
    };
    spec.given([captured]).when(assign).then([assigned]);
    spec.given([captured, assigned]).when(assign).thenNothingHappened();
    spec.given([]).when(assign).thenThrows(RecordNotFoundError);
    spec.given([captured, converted]).when(assign).thenThrows(InvalidTransitionError);
  });

  it('records that nobody could take it, with the reason', () => {
    spec
      .given([captured])
      .when({
        type: 'RecordLeadAssignmentFailure',
        data: {
          leadId: LEAD,
          teamId: 'team-a',
          strategy: 'round_robin',
          reason: 'all_reps_unavailable',
          now: T1,
        },
      })
      .then([
        {
          type: 'sales.LeadAssignmentFailed',
          data: {
            leadId: LEAD,
            teamId: 'team-a',
            strategy: 'round_robin',
            reason: 'all_reps_unavailable',
            failedAt: T1,
          },
        },
      ]);
  });

  it('is qualified or disqualified with a reason', () => {
    spec
      .given([captured])
      .when({ type: 'QualifyLead', data: { leadId: LEAD, now: T1 } })
      .then([qualified]);
    spec
      .given([captured, qualified])
      .when({ type: 'QualifyLead', data: { leadId: LEAD, now: T1 } })
      .thenNothingHappened();
    spec
      .given([captured, qualified])
      .when({ type: 'DisqualifyLead', data: { leadId: LEAD, reason: 'no budget', now: T1 } })
      .then([disqualified]);
    spec
      .given([captured, disqualified])
      .when({ type: 'QualifyLead', data: { leadId: LEAD, now: T1 } })
      .thenThrows(InvalidTransitionError);
  });

  it('converts into a customer and an opportunity once; a retried conversion changes nothing', () => {
    spec.given([captured, qualified]).when(convert()).then([converted]);
    spec
      .given([captured, qualified, converted])
      .when(convert('cust-2'))
      .thenThrows(LeadAlreadyConvertedError, (e) => expect(e.customerId).toBe('cust-1'));
    spec.given([captured, qualified, converted]).when(convert()).thenNothingHappened();
    spec.given([captured, disqualified]).when(convert()).thenThrows(InvalidTransitionError);
    spec
      .given([captured, converted])
      .when({ type: 'DisqualifyLead', data: { leadId: LEAD, reason: 'late', now: T1 } })
      .thenThrows(InvalidTransitionError);
  });
});

describe('Lead erasure', () => {
  const erase = { type: 'EraseLead', data: { leadId: LEAD, reason: 'GDPR', now: T1 } } as const;
  const erased: LeadEvent = {
    type: 'sales.LeadErased',
    data: { leadId: LEAD, reason: 'GDPR', erasedAt: T1 },
  };

  it('is recorded once; an erased lead is gone for every other command', () => {
    spec.given([captured]).when(erase).then([erased]);
    spec.given([captured, erased]).when(erase).thenNothingHappened();
    spec.given([]).when(erase).thenThrows(RecordNotFoundError);
    spec
      .given([captured, erased])
      .when({ type: 'QualifyLead', data: { leadId: LEAD, now: T1 } })
      .thenThrows(RecordNotFoundError);
    spec
      .given([captured, erased])
      .when({
        type: 'AssignLead',
        data: { leadId: LEAD, ownerId: 'rep-2', teamId: null, strategy: 'manual', now: T1 },
      })
      .thenThrows(RecordNotFoundError);
  });
});

describe('Lead follow-up reminder (ADR 0383)', () => {
  const DUE = '2026-03-05T09:00:00.000Z';
  const LATER = '2026-03-06T09:00:00.000Z';
  const schedule = (dueAt = DUE) =>
    ({
      type: 'ScheduleLeadFollowUp',
      data: { leadId: LEAD, dueAt, note: 'Call after the fair', now: T1 },
    }) as const;
  const scheduled = (dueAt = DUE): LeadEvent => ({
    type: 'sales.LeadFollowUpScheduled',
    data: { leadId: LEAD, dueAt, note: 'Call after the fair', scheduledAt: T1 },
  });
  const remind = (dueAt = DUE) =>
    ({ type: 'RemindLeadFollowUp', data: { leadId: LEAD, dueAt, now: DUE } }) as const;
  const due: LeadEvent = {
    type: 'sales.LeadFollowUpDue',
    data: { leadId: LEAD, dueAt: DUE, ownerId: null, remindedAt: DUE },
  };

  it('is set on an open or qualified lead, moved, and the same time again decides nothing', () => {
    spec.given([captured]).when(schedule()).then([scheduled()]);
    spec.given([captured, qualified]).when(schedule()).then([scheduled()]);
    spec.given([captured, scheduled()]).when(schedule()).thenNothingHappened();
    spec
      .given([captured, scheduled()])
      .when(schedule(LATER))
      .then([scheduled(LATER)]);
    spec.given([captured, converted]).when(schedule()).thenThrows(InvalidTransitionError);
    spec.given([captured, disqualified]).when(schedule()).thenThrows(InvalidTransitionError);
  });

  it('reminds once at the time it is set for; a moved, fired or closed follow-up decides nothing', () => {
    spec.given([captured, scheduled()]).when(remind()).then([due]);
    // Qualifying in between keeps the follow-up.
    spec.given([captured, scheduled(), qualified]).when(remind()).then([due]);
    spec.given([captured, scheduled(), due]).when(remind()).thenNothingHappened();
    spec
      .given([captured, scheduled(), scheduled(LATER)])
      .when(remind())
      .thenNothingHappened();
    spec.given([captured, scheduled(), converted]).when(remind()).thenNothingHappened();
    spec.given([captured]).when(remind()).thenNothingHappened();
  });
});
