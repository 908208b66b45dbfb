// How every service-desk event contract is declared: version 1 of `service-desk.<Type>`, whose data
// always holds the fields of its aggregate (the ticket, article or customer id and `at`), with an
// example built on the aggregate's example values.
import type { EventContract, JsonSchema } from '../event-contract';
import { object } from '../customers/customers-schema-parts';

export interface AggregateFields {
  readonly properties: Record<string, JsonSchema>;
  readonly example: Record<string, unknown>;
}

export type ServiceDeskContractOf = (
  type: string,
  description: string,
  properties: Record<string, JsonSchema>,
  required: readonly string[],
  example: Record<string, unknown>,
) => EventContract;

export function serviceDeskContractOf(aggregate: AggregateFields): ServiceDeskContractOf {
  return (type, description, properties, required, example) => ({
    type: `service-desk.${type}`,
    schemaVersion: 1,
    description,
    dataSchema: object({ ...aggregate.properties, ...properties }, [
      ...Object.keys(aggregate.properties),
      ...required,
    ]),
    examples: [{ ...aggregate.example, ...example }],
  });
}
