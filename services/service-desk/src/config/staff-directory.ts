// The staff directory the escalation notifications are addressed from: CRM_SERVICE_DESK_STAFF_FILE
// names a JSON file `{ "agents": { "<agentId>": "<address>" }, "teamLeads": { "<teamId>":
// "<address>" } }`; CRM_SERVICE_DESK_ESCALATION_ADDRESS (default: the support address) receives
// what no entry names. A malformed file or address stops the service at boot naming it.
import { readFileSync } from 'node:fs';
import type { EnvReader } from '@crm/messaging';
import type { StaffDirectory } from '../mail/escalation-mailer.reactor';

export const EMAIL_ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

function addressTable(value: unknown, name: string, problems: string[]): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`CRM_SERVICE_DESK_STAFF_FILE: "${name}" must be an object of id → address`);
    return {};
  }
  const table: Record<string, string> = {};
  for (const [id, address] of Object.entries(value)) {
    if (typeof address !== 'string' || !EMAIL_ADDRESS.test(address))
      problems.push(`CRM_SERVICE_DESK_STAFF_FILE: ${name}.${id} is not an e-mail address`);
    else table[id] = address;
  }
  return table;
}

export function readStaffDirectory(read: EnvReader, supportAddress: string): StaffDirectory {
  const fallback = read.string(
    'CRM_SERVICE_DESK_ESCALATION_ADDRESS',
    supportAddress,
    EMAIL_ADDRESS,
    'an e-mail address',
  );
  const file = read.string('CRM_SERVICE_DESK_STAFF_FILE', '');
  if (!file) return { agents: {}, teamLeads: {}, fallback };
  let parsed: { agents?: unknown; teamLeads?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (error) {
    read.problems.push(
      `CRM_SERVICE_DESK_STAFF_FILE: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { agents: {}, teamLeads: {}, fallback };
  }
  return {
    agents: addressTable(parsed.agents, 'agents', read.problems),
    teamLeads: addressTable(parsed.teamLeads, 'teamLeads', read.problems),
    fallback,
  };
}
