// String formats contract authors may use. ajv ships none by default and ajv-formats is not a
// dependency; these few cover what event payloads need, with the same meaning as ajv-formats'.
import type Ajv from 'ajv';

export const CONTRACT_FORMATS: Readonly<Record<string, RegExp>> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
};

export function addContractFormats(ajv: Ajv): Ajv {
  for (const [name, pattern] of Object.entries(CONTRACT_FORMATS)) ajv.addFormat(name, pattern);
  return ajv;
}
