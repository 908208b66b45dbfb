// Events of the Lead aggregate (stream `sales.Lead-<leadId>`). Type names are persisted and
// published: never rename one. `contact` is personal data encrypted under the lead's own subject
// key (the lead id) until erasure: libs/contracts/src/sales/sales.personal-data.ts declares it.
import type { DomainEvent } from '@crm/event-sourcing';
import type { AssignmentFailureReason, AssignmentStrategy } from '../assignment/lead-assignment';
import type { LeadContact, LeadSource } from './lead.types';

export type LeadCaptured = DomainEvent<
  'sales.LeadCaptured',
  {
    readonly leadId: string;
    readonly source: LeadSource;
    readonly contact: LeadContact;
    readonly companyName?: string;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly capturedAt: string;
  }
>;

export type LeadAssigned = DomainEvent<
  'sales.LeadAssigned',
  {
    readonly leadId: string;
    readonly ownerId: string;
    readonly teamId: string | null;
    /** `manual` when a person chose the owner. */
    readonly strategy: AssignmentStrategy | 'manual';
    readonly assignedAt: string;
  }
>;

export type LeadAssignmentFailed = DomainEvent<
  'sales.LeadAssignmentFailed',
  {
    readonly leadId: string;
    readonly teamId: string;
    readonly strategy: AssignmentStrategy;
    readonly reason: AssignmentFailureReason;
    readonly failedAt: string;
  }
>;

export type LeadQualified = DomainEvent<
  'sales.LeadQualified',
  { readonly leadId: string; readonly note?: string; readonly qualifiedAt: string }
>;

export type LeadDisqualified = DomainEvent<
  'sales.LeadDisqualified',
  { readonly leadId: string; readonly reason: string; readonly disqualifiedAt: string }
>;

export type LeadConverted = DomainEvent<
  'sales.LeadConverted',
  {
    readonly leadId: string;
    readonly customerId: string;
    readonly opportunityId: string;
    readonly convertedAt: string;
  }
>;

/** The lead's contact was crypto-shredded: every stored copy reads "[erased]" from now on. */
export type LeadErased = DomainEvent<
  'sales.LeadErased',
  { readonly leadId: string; readonly reason?: string; readonly erasedAt: string }
>;

/** Same e-mail as an earlier open lead of the tenant (compared by keyed digest, never in clear). */
export type LeadDuplicateDetected = DomainEvent<
  'sales.LeadDuplicateDetected',
  {
    readonly leadId: string;
    readonly duplicateOfLeadId: string;
    /** The customer the earlier lead was converted into: the contact is a known customer. */
    readonly customerId?: string;
    readonly matchedOn: 'email';
    readonly detectedAt: string;
  }
>;

/**
 * The lead's e-mail or phone belongs to a customer known to the customers context (compared by a
 * keyed digest of customers' public contact events, never in clear; ADR 0325).
 */
export type LeadCustomerMatched = DomainEvent<
  'sales.LeadCustomerMatched',
  {
    readonly leadId: string;
    readonly customerId: string;
    readonly matchedOn: 'email' | 'phone';
    readonly detectedAt: string;
  }
>;

/** The lead's owner is to follow it up at `dueAt` (a durable timer reminds them then). */
export type LeadFollowUpScheduled = DomainEvent<
  'sales.LeadFollowUpScheduled',
  {
    readonly leadId: string;
    readonly dueAt: string;
    readonly note?: string;
    readonly scheduledAt: string;
  }
>;

/** The follow-up reminder fell due (timer) while the lead was still open or qualified. */
export type LeadFollowUpDue = DomainEvent<
  'sales.LeadFollowUpDue',
  {
    readonly leadId: string;
    readonly dueAt: string;
    readonly ownerId: string | null;
    readonly remindedAt: string;
  }
>;

export type LeadEvent =
  | LeadFollowUpScheduled
  | LeadFollowUpDue
  | LeadDuplicateDetected
  | LeadCustomerMatched
  | LeadErased
  | LeadCaptured
  | LeadAssigned
  | LeadAssignmentFailed
  | LeadQualified
  | LeadDisqualified
  | LeadConverted;
