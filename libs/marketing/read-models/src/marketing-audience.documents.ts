// Marketing's audience read model (ADR 0192): what segments select from, owned by marketing and
// written by the `marketing-audience` projection (services/projections/src/marketing) from the
// customers context's events and the facts sales, loyalty and the service desk publish.
//
// - `marketing_audience`: one document per customer (id = customer id), the customer profile
//   fields a segment or a send reads (kind, status, region, tags, custom fields, consent,
//   purchases, e-mail contacts and names), the categories bought (latest order instant per
//   category) and the loyalty tier. Personal fields are dropped on customers.PersonalDataErased.
// - `marketing_audience_records`: one document per opportunity or ticket (`<tenantId>|<kind>|<id>`),
//   because the events that close an opportunity or answer a survey do not name the customer; the
//   audience joins them by customer id when a rule reads open opportunities or the last CSAT.
export const MARKETING_AUDIENCE_PROJECTION = 'marketing-audience';
export const MARKETING_AUDIENCE_MODEL = 'marketing_audience';
export const MARKETING_AUDIENCE_RECORDS_MODEL = 'marketing_audience_records';

export type AudienceRecordKind = 'opportunity' | 'ticket';

export const audienceRecordId = (tenantId: string, kind: AudienceRecordKind, id: string): string =>
  `${tenantId}|${kind}|${id}`;

export interface AudienceRecordDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly kind: AudienceRecordKind;
  /** Unknown until an event names it (a ticket may be linked to its customer later). */
  readonly customerId?: string;
  /** Opportunities: open now (opened or reopened, not yet won or lost). */
  readonly open?: boolean;
  /** Tickets: the latest CSAT answer of the ticket, 1–5, and when it was given. */
  readonly csatScore?: number;
  readonly csatAnsweredAt?: string;
}

/** The tenant's RFM models: one document per tenant and currency (`<tenantId>|<CUR>`), the cut-offs now. */
export const MARKETING_RFM_PROJECTION = 'marketing-rfm-models';
export const MARKETING_RFM_MODEL = 'marketing_rfm_models';

export interface RfmModelDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly currency: string;
  readonly source: 'quintiles' | 'configured';
  readonly recencyDays: readonly number[];
  readonly frequency: readonly number[];
  readonly monetaryMinor: readonly number[];
  readonly setAt: string;
}
