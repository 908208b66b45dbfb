// Values a lead is made of.

/** Where a lead came from. */
export const LEAD_SOURCES = ['web_form', 'import', 'api', 'kafka'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/** Personal data of the lead's contact: encrypted under the lead's own subject key (its id). */
export interface LeadContact {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
}

/** Owner (a rep's user id) and team of a sales record: its record scope. */
export interface SalesOwnership {
  readonly ownerId: string | null;
  readonly teamId: string | null;
}
