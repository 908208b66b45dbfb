// Commands of the Lead aggregate, already parsed (the service's parsers check shapes and limits).
// Times arrive inside the command: the domain never reads the clock.
import type { AssignmentFailureReason, AssignmentStrategy } from '../assignment/lead-assignment';
import type { LeadContact, LeadSource } from './lead.types';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type CaptureLead = Command<
  'CaptureLead',
  {
    readonly leadId: string;
    readonly source: LeadSource;
    readonly contact: LeadContact;
    readonly companyName?: string;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly now: string;
  }
>;

export type AssignLead = Command<
  'AssignLead',
  {
    readonly leadId: string;
    readonly ownerId: string;
    readonly teamId: string | null;
    readonly strategy: AssignmentStrategy | 'manual';
    readonly now: string;
  }
>;

export type RecordLeadAssignmentFailure = Command<
  'RecordLeadAssignmentFailure',
  {
    readonly leadId: string;
    readonly teamId: string;
    readonly strategy: AssignmentStrategy;
    readonly reason: AssignmentFailureReason;
    readonly now: string;
  }
>;

export type FlagLeadDuplicate = Command<
  'FlagLeadDuplicate',
  {
    readonly leadId: string;
    readonly duplicateOfLeadId: string;
    /** The customer that earlier lead became (a known customer), when it was converted. */
    readonly customerId?: string;
    readonly now: string;
  }
>;

/** The lead's e-mail or phone belongs to a customer of the customers context (ADR 0325). */
export type FlagLeadCustomerMatch = Command<
  'FlagLeadCustomerMatch',
  {
    readonly leadId: string;
    readonly customerId: string;
    readonly matchedOn: 'email' | 'phone';
    readonly now: string;
  }
>;

export type QualifyLead = Command<
  'QualifyLead',
  { readonly leadId: string; readonly note?: string; readonly now: string }
>;

export type DisqualifyLead = Command<
  'DisqualifyLead',
  { readonly leadId: string; readonly reason: string; readonly now: string }
>;

export type ConvertLead = Command<
  'ConvertLead',
  {
    readonly leadId: string;
    readonly customerId: string;
    readonly opportunityId: string;
    readonly now: string;
  }
>;

/** Erases the lead's personal data (its key is shredded by the service after this is stored). */
export type EraseLead = Command<
  'EraseLead',
  { readonly leadId: string; readonly reason?: string; readonly now: string }
>;

/** Sets (or moves) the lead's follow-up reminder: its owner is reminded at `dueAt` (timer). */
export type ScheduleLeadFollowUp = Command<
  'ScheduleLeadFollowUp',
  { readonly leadId: string; readonly dueAt: string; readonly note?: string; readonly now: string }
>;

/** Fired by the follow-up timer; stale (moved, or the lead closed) decides nothing. */
export type RemindLeadFollowUp = Command<
  'RemindLeadFollowUp',
  { readonly leadId: string; readonly dueAt: string; readonly now: string }
>;

export type LeadCommand =
  | ScheduleLeadFollowUp
  | RemindLeadFollowUp
  | EraseLead
  | CaptureLead
  | AssignLead
  | RecordLeadAssignmentFailure
  | QualifyLead
  | DisqualifyLead
  | ConvertLead
  | FlagLeadDuplicate
  | FlagLeadCustomerMatch;
