// Public contracts of the NPS surveys (stream `service-desk.NpsSurvey-<customerId>`, topic
// crm.service-desk.events). The address and the comment are personal data of the customer.
import type { EventContract } from '../event-contract';
import { serviceDeskContractOf } from './service-desk-contract';
import { id, instant, personal } from '../customers/customers-schema-parts';

const CUSTOMER = '0190a000-0000-7000-8000-000000000002';
const AT = '2027-01-04T09:00:00.000Z';

const nps = serviceDeskContractOf({
  properties: { customerId: id, at: instant, surveyId: instant, dataSubjectId: id },
  example: { customerId: CUSTOMER, at: AT, surveyId: AT, dataSubjectId: CUSTOMER },
});

export const NPS_EVENT_CONTRACTS: readonly EventContract[] = [
  nps(
    'NpsSurveySent',
    'The customer was asked how likely they are to recommend us (at most once per cadence).',
    { email: personal({ type: 'string', pattern: '^[^\\s@]+@[^\\s@]+$', maxLength: 320 }) },
    ['email'],
    { email: 'ada@example.com' },
  ),
  nps(
    'NpsAnswered',
    'The customer answered the NPS survey, 0 (not at all likely) to 10 (extremely likely).',
    {
      score: { type: 'integer', minimum: 0, maximum: 10 },
      comment: personal({ type: 'string', minLength: 1, maxLength: 2000 }),
    },
    ['score'],
    { score: 9 },
  ),
];
