// The Lead aggregate: capture → (assign) → qualify or disqualify → convert into a customer and an
// opportunity. Converting needs the customer id (the caller registers or links the customer in the
// customers context first) and the id of the opportunity it opens (same request, Opportunity
// aggregate). Repeating a command that is already in effect decides nothing (idempotent); a second,
// different conversion is an error.
import type { Decider } from '@crm/event-sourcing';
import {
  InvalidTransitionError,
  LeadAlreadyConvertedError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
} from '../errors';
import type { LeadCommand } from './lead.commands';
import type { LeadEvent } from './lead.events';
import { initialLeadState, type LeadState } from './lead.state';

type Existing = Exclude<LeadState, { status: 'None' | 'Erased' }>;

/** The lead a command acts on: an erased lead is gone for every command but EraseLead. */
function existing(state: LeadState, leadId: string): Existing {
  if (state.status === 'None' || state.status === 'Erased') {
    throw new RecordNotFoundError('lead', leadId);
  }
  return state;
}

function decide(command: LeadCommand, state: LeadState): readonly LeadEvent[] {
  switch (command.type) {
    case 'CaptureLead': {
      const { now, ...data } = command.data;
      if (state.status !== 'None') throw new RecordAlreadyExistsError('lead', data.leadId);
      return [{ type: 'sales.LeadCaptured', data: { ...data, capturedAt: now } }];
    }
    case 'EraseLead': {
      const { leadId, reason, now } = command.data;
      if (state.status === 'Erased') return [];
      existing(state, leadId);
      return [
        {
          type: 'sales.LeadErased',
          data: { leadId, ...(reason === undefined ? {} : { reason }), erasedAt: now },
        },
      ];
    }
    case 'AssignLead': {
      const { leadId, ownerId, teamId, strategy, now } = command.data;
      const lead = existing(state, leadId);
      if (lead.status === 'Converted' || lead.status === 'Disqualified') {
        throw new InvalidTransitionError('lead', lead.status, 'assigned');
      }
      if (lead.ownerId === ownerId && lead.teamId === teamId) return [];
      return [
        {
          type: 'sales.LeadAssigned',
          data: { leadId, ownerId, teamId, strategy, assignedAt: now },
        },
      ];
    }
    case 'RecordLeadAssignmentFailure': {
      const { now, ...data } = command.data;
      const lead = existing(state, data.leadId);
      if (lead.status !== 'Open' && lead.status !== 'Qualified') {
        throw new InvalidTransitionError('lead', lead.status, 'assigned');
      }
      return [{ type: 'sales.LeadAssignmentFailed', data: { ...data, failedAt: now } }];
    }
    case 'FlagLeadDuplicate': {
      const { leadId, duplicateOfLeadId, customerId, now } = command.data;
      existing(state, leadId);
      const customer = customerId === undefined ? {} : { customerId };
      return [
        {
          type: 'sales.LeadDuplicateDetected',
          data: { leadId, duplicateOfLeadId, ...customer, matchedOn: 'email', detectedAt: now },
        },
      ];
    }
    case 'FlagLeadCustomerMatch': {
      const { leadId, customerId, matchedOn, now } = command.data;
      existing(state, leadId);
      return [
        {
          type: 'sales.LeadCustomerMatched',
          data: { leadId, customerId, matchedOn, detectedAt: now },
        },
      ];
    }
    case 'QualifyLead': {
      const { leadId, note, now } = command.data;
      const lead = existing(state, leadId);
      if (lead.status === 'Qualified') return [];
      if (lead.status !== 'Open')
        throw new InvalidTransitionError('lead', lead.status, 'qualified');
      return [
        {
          type: 'sales.LeadQualified',
          data: { leadId, ...(note === undefined ? {} : { note }), qualifiedAt: now },
        },
      ];
    }
    case 'DisqualifyLead': {
      const { leadId, reason, now } = command.data;
      const lead = existing(state, leadId);
      if (lead.status === 'Disqualified') return [];
      if (lead.status === 'Converted') {
        throw new InvalidTransitionError('lead', lead.status, 'disqualified');
      }
      return [{ type: 'sales.LeadDisqualified', data: { leadId, reason, disqualifiedAt: now } }];
    }
    case 'ScheduleLeadFollowUp': {
      const { leadId, dueAt, note, now } = command.data;
      const lead = existing(state, leadId);
      if (lead.status !== 'Open' && lead.status !== 'Qualified')
        throw new InvalidTransitionError('lead', lead.status, 'followed up');
      if (lead.followUpAt === dueAt) return [];
      return [
        {
          type: 'sales.LeadFollowUpScheduled',
          data: { leadId, dueAt, ...(note === undefined ? {} : { note }), scheduledAt: now },
        },
      ];
    }
    case 'RemindLeadFollowUp': {
      const { leadId, dueAt, now } = command.data;
      if (state.status !== 'Open' && state.status !== 'Qualified') return [];
      if (state.followUpAt !== dueAt) return []; // moved or already reminded: a stale firing
      return [
        {
          type: 'sales.LeadFollowUpDue',
          data: { leadId, dueAt, ownerId: state.ownerId, remindedAt: now },
        },
      ];
    }
    case 'ConvertLead': {
      const { leadId, customerId, opportunityId, now } = command.data;
      const lead = existing(state, leadId);
      if (lead.status === 'Converted') {
        // The same conversion again (a retried request) is already in effect; another is refused.
        if (lead.customerId === customerId && lead.opportunityId === opportunityId) return [];
        throw new LeadAlreadyConvertedError(leadId, lead.customerId);
      }
      if (lead.status === 'Disqualified') {
        throw new InvalidTransitionError('lead', lead.status, 'converted');
      }
      return [
        {
          type: 'sales.LeadConverted',
          data: { leadId, customerId, opportunityId, convertedAt: now },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown lead command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: LeadState, event: LeadEvent): LeadState {
  switch (event.type) {
    case 'sales.LeadCaptured':
      return {
        status: 'Open',
        leadId: event.data.leadId,
        ownerId: event.data.ownerId,
        teamId: event.data.teamId,
      };
    case 'sales.LeadAssigned':
      return state.status === 'None'
        ? state
        : { ...state, ownerId: event.data.ownerId, teamId: event.data.teamId };
    case 'sales.LeadAssignmentFailed':
    case 'sales.LeadDuplicateDetected':
    case 'sales.LeadCustomerMatched':
      return state;
    case 'sales.LeadQualified':
      return state.status === 'None'
        ? state
        : {
            leadId: state.leadId,
            ownerId: state.ownerId,
            teamId: state.teamId,
            status: 'Qualified',
            ...('followUpAt' in state && state.followUpAt ? { followUpAt: state.followUpAt } : {}),
          };
    case 'sales.LeadFollowUpScheduled':
      return state.status === 'Open' || state.status === 'Qualified'
        ? { ...state, followUpAt: event.data.dueAt }
        : state;
    case 'sales.LeadFollowUpDue': {
      if (state.status !== 'Open' && state.status !== 'Qualified') return state;
      const { followUpAt: _done, ...rest } = state;
      return rest;
    }
    case 'sales.LeadDisqualified':
      return state.status === 'None'
        ? state
        : {
            leadId: state.leadId,
            ownerId: state.ownerId,
            teamId: state.teamId,
            status: 'Disqualified',
            reason: event.data.reason,
          };
    case 'sales.LeadConverted':
      return state.status === 'None'
        ? state
        : {
            leadId: state.leadId,
            ownerId: state.ownerId,
            teamId: state.teamId,
            status: 'Converted',
            customerId: event.data.customerId,
            opportunityId: event.data.opportunityId,
          };
    case 'sales.LeadErased':
      return state.status === 'None'
        ? state
        : { leadId: state.leadId, ownerId: state.ownerId, teamId: state.teamId, status: 'Erased' };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown lead event ${JSON.stringify(unknown)}`);
    }
  }
}

export const leadDecider: Decider<LeadState, LeadCommand, LeadEvent> = {
  decide,
  evolve,
  initialState: initialLeadState,
};
