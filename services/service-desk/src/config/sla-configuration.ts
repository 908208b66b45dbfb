// The SLA policies the service matches tickets against: a built-in default set on one business
// calendar (Mon–Fri 09:00–17:00 in the configured time zone), or a JSON file
// (CRM_SERVICE_DESK_SLA_FILE) of `{ calendars: BusinessCalendarInput[], policies: [...] }`. Every
// calendar and policy is checked at boot (overlapping holidays, a policy without milestones…), so a
// bad file stops the service naming the problem instead of mis-timing tickets later.
import { readFileSync } from 'node:fs';
import {
  ServiceDeskValidationError,
  defineBusinessCalendar,
  defineSlaPolicy,
  type BusinessCalendar,
  type BusinessCalendarInput,
  type SlaPolicy,
} from '@crm/service-desk-domain';

type PolicyInput = Omit<SlaPolicy, 'calendar'> & { readonly calendarId: string };

export interface SlaConfigurationFile {
  readonly calendars: readonly BusinessCalendarInput[];
  readonly policies: readonly PolicyInput[];
}

export function defaultSlaConfiguration(timeZone: string): SlaConfigurationFile {
  const officeHours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
  const waiting = ['waiting_on_customer', 'waiting_on_third_party'] as const;
  const policy = (
    policyId: string,
    match: PolicyInput['match'],
    hours: [number, number, number],
  ): PolicyInput => ({
    policyId,
    version: 1,
    calendarId: 'office-hours',
    targets: {
      firstResponse: hours[0] * 60,
      nextResponse: hours[1] * 60,
      resolution: hours[2] * 60,
    },
    warnAtPercent: 80,
    pausedStatuses: waiting,
    match,
    // At the breach the agent and their lead hear of it; an hour of business time later the
    // priority goes up a step (so does the policy, and its tighter targets).
    escalation: [
      { afterMinutes: 0, notify: ['assignee', 'team_lead'] },
      { afterMinutes: 60, notify: ['team_lead'], raisePriority: true },
    ],
  });
  return {
    calendars: [
      { calendarId: 'office-hours', version: 1, timeZone, workingHours: officeHours, holidays: [] },
    ],
    policies: [
      policy('standard', {}, [4, 8, 40]),
      policy('high', { priorities: ['high'] }, [2, 4, 16]),
      policy('urgent', { priorities: ['urgent'] }, [1, 2, 8]),
      policy('complaint', { types: ['complaint'] }, [2, 4, 24]),
    ],
  };
}

/** Checks every calendar and policy; problems are named with their place in the file. */
export function buildSlaPolicies(file: SlaConfigurationFile): SlaPolicy[] {
  const problems: string[] = [];
  const calendars = new Map<string, BusinessCalendar>();
  file.calendars.forEach((input, index) => {
    try {
      calendars.set(input.calendarId, defineBusinessCalendar(input));
    } catch (error) {
      problems.push(
        `calendars[${index}]: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  const policies: SlaPolicy[] = [];
  file.policies.forEach(({ calendarId, ...input }, index) => {
    const calendar = calendars.get(calendarId);
    if (!calendar) {
      problems.push(`policies[${index}]: unknown calendar "${calendarId}"`);
      return;
    }
    try {
      policies.push(defineSlaPolicy({ ...input, calendar }));
    } catch (error) {
      problems.push(
        `policies[${index}]: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  if (policies.length === 0 && problems.length === 0)
    problems.push('at least one SLA policy is required');
  if (problems.length > 0) {
    throw new ServiceDeskValidationError(
      problems.map((message) => ({ field: 'sla', code: 'INVALID_FORMAT', message })),
    );
  }
  return policies;
}

export function readSlaConfigurationFile(path: string): SlaConfigurationFile {
  return JSON.parse(readFileSync(path, 'utf8')) as SlaConfigurationFile;
}
