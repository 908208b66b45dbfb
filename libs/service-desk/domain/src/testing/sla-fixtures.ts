// SLA policies shared by the domain's tests and the service's tests.
import { defineSlaPolicy, type SlaPolicy } from '../sla/sla-policy';
import { officeHoursCalendar } from './calendar-fixtures';

export function standardPolicy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return defineSlaPolicy({
    policyId: 'standard',
    version: 1,
    calendar: officeHoursCalendar(),
    targets: { firstResponse: 4 * 60, nextResponse: 8 * 60, resolution: 16 * 60 },
    warnAtPercent: 80,
    pausedStatuses: ['waiting_on_customer', 'waiting_on_third_party'],
    match: {},
    ...overrides,
  });
}
