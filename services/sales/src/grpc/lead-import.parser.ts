// The CSV of ImportLeads: a header naming the columns (name, email, phone, company, country; any order,
// case-insensitive, unknown columns refused) and at most LEAD_IMPORT_MAX_ROWS rows, each parsed as
// CaptureLead would parse it. Every bad field of every row is reported at once; nothing is written.
// With `route`, each lead is routed through the team's strategy (country: the territory field).
import type * as P from '@crm/contracts/sales-grpc';
import { SALES_LIMITS, type CaptureLead } from '@crm/sales-domain';
import { parse } from 'csv-parse/sync';
import { ownershipFor } from '../application/caller-access';
import { parseRequest } from './request-parsing';
import {
  given,
  routedOwnership,
  routingFieldsOf,
  type LeadRouting,
  type ParseContext,
} from './sales-command.parsers';

export const LEAD_IMPORT_MAX_ROWS = 1000;
const COLUMNS = ['name', 'email', 'phone', 'company', 'country'] as const;

/** One row's capture, and where it is routed when the import asks for routing. */
export interface ImportedLead {
  readonly capture: CaptureLead;
  readonly routing?: LeadRouting;
}
/** 1,000 rows of the longest fields stay well under gRPC's 4 MiB message limit. */
const MAX_CSV_CHARS = 1_000_000;

export function parseImportLeads(
  req: P.ImportLeadsRequest__Output,
  ctx: ParseContext,
): ImportedLead[] {
  return parseRequest((r) => {
    if (req.csv.length > MAX_CSV_CHARS) {
      r.add('csv', 'TOO_LONG', `must be at most ${MAX_CSV_CHARS} characters`);
      return [];
    }
    let records: Record<string, string>[];
    try {
      records = parse(req.csv, {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        skip_empty_lines: true,
        trim: true,
        bom: true,
      });
    } catch (error) {
      r.add('csv', 'INVALID_FORMAT', `is not valid CSV: ${(error as Error).message}`);
      return [];
    }
    const header = Object.keys(records[0] ?? {});
    const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
    if (records.length === 0) r.add('csv', 'REQUIRED', 'needs a header and at least one row');
    if (unknown.length > 0) {
      r.add(
        'csv',
        'UNKNOWN_VALUE',
        `unknown columns ${unknown.join(', ')}; use ${COLUMNS.join(', ')}`,
      );
    }
    if (records.length > LEAD_IMPORT_MAX_ROWS) {
      r.add('csv', 'TOO_MANY', `at most ${LEAD_IMPORT_MAX_ROWS} rows`);
    }
    const owner = req.route
      ? routedOwnership(r, ctx.caller, given(r, req))
      : ownershipFor(ctx.caller, given(r, req));
    const now = ctx.now();
    return records.slice(0, LEAD_IMPORT_MAX_ROWS).map((row, i): ImportedLead => {
      const field = (name: string) => `rows[${i + 1}].${name}`;
      const email = r.email(field('email'), row['email']);
      const phone = r.phone(field('phone'), row['phone']);
      const companyName = r.text(field('company'), row['company'], SALES_LIMITS.name);
      const country = r.text(field('country'), row['country'], SALES_LIMITS.name);
      const data: CaptureLead['data'] = {
        leadId: ctx.newId(`lead-import:${i + 1}`),
        source: 'import',
        contact: {
          name: r.requiredText(field('name'), row['name'], SALES_LIMITS.name),
          ...(email ? { email } : {}),
          ...(phone ? { phone } : {}),
        },
        ...(companyName ? { companyName } : {}),
        ...owner,
        now,
      };
      const routing =
        req.route && owner.teamId
          ? { teamId: owner.teamId, fields: routingFieldsOf(data, country ? { country } : {}) }
          : undefined;
      return { capture: { type: 'CaptureLead', data }, ...(routing ? { routing } : {}) };
    });
  });
}
