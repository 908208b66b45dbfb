// Schema parts shared by the Sales contracts.
import type { JsonSchema } from '../event-contract';

/** A non-negative decimal string with two fraction digits: "129.90". */
export const money: JsonSchema = { type: 'string', pattern: '^\\d+\\.\\d{2}$' };
/** ISO-4217 alphabetic code. */
export const currency: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
