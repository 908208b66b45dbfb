// A declared dataset: which read model it reads, which record scope guards its rows, the typed
// dimensions and measures a report may ask for, and how a row is seen "as of" an earlier instant.
// Reports can only name these declarations; nothing a client sends becomes a field path or a
// MongoDB operator (docs/reports.md, docs/adr/0230).
import type { ExchangeRates } from '../currency/exchange-rates';
import type { AmountConversion } from '../currency/target-currency';

/** Which record-scope rule guards the rows (the same rules the gateway applies to the records). */
export type DatasetScope =
  | 'customers'
  | 'sales'
  | 'tickets'
  | 'loyalty'
  /** Marketing records: tenant-wide for every role of the tenant. */
  | 'marketing'
  /** CSAT answers: an agent his own, a lead his team's and his own, admins the tenant's. */
  | 'csat'
  /** Tenant-wide figures of the desk (NPS, knowledge base) for the roles that read the desk. */
  | 'deskTenant';

/**
 * A MongoDB aggregation expression written by a declaration (never built from client input), which
 * computes on the server what the declaration's function computes in Node (docs/adr/0260).
 */
export type ServerExpression = string | number | boolean | null | object;

export interface DimensionSpec<D> {
  readonly label: string;
  /** The row's value for this dimension; `now` is the report's instant (asOf, or the present). */
  value(doc: D, now: Date): string;
  /** The same value as a server expression; absent: reports using it group in Node. */
  server?(now: Date): ServerExpression;
}

export type MeasureSpec<D> =
  | { readonly kind: 'count'; readonly label: string }
  | {
      readonly kind: 'sum';
      readonly label: string;
      value(doc: D): number | null;
      /** The value as a server expression (null or non-numeric: not added). */
      server?(): ServerExpression;
    }
  | {
      readonly kind: 'average';
      readonly label: string;
      value(doc: D, now: Date): number | null;
      /** The value as a server expression (null: not counted). */
      server?(now: Date): ServerExpression;
    }
  /** Percent (0-100) of the rows in `denominator` that are also in `numerator`; null when none. */
  | {
      readonly kind: 'ratio';
      readonly label: string;
      numerator(doc: D): boolean;
      denominator(doc: D): boolean;
      /** Both predicates as boolean server expressions. */
      server?(): { numerator: ServerExpression; denominator: ServerExpression };
    }
  /**
   * Percent (0-100) that the summed `numerator` amounts make of the summed `denominator` amounts,
   * over the rows with a denominator (won ÷ quota of a team: not an average of each rep's %); null
   * when those add up to 0. Grouped in Node.
   */
  | {
      readonly kind: 'quotient';
      readonly label: string;
      numerator(doc: D): number;
      /** Null: the row is not counted on either side. */
      denominator(doc: D): number | null;
    }
  /** Nearest-rank percentile `p` (0-100) of the non-null values. */
  | {
      readonly kind: 'percentile';
      readonly label: string;
      readonly p: number;
      value(doc: D, now: Date): number | null;
      /** The value as a server expression; the values are pushed per group, ranked in Node. */
      server?(now: Date): ServerExpression;
    };

export interface AsOfSupport<D> {
  /**
   * The row as it stood at `asOf`, from dated facts it carries (null: it did not exist then). Rows
   * created after `asOf` never reach it: the query already keeps `timeField <= asOf`.
   */
  at(doc: D, asOf: Date): D | null;
  /** Dimensions and measures whose history the read model does not date: refused with asOf. */
  readonly undatedDimensions: readonly string[];
  readonly undatedMeasures: readonly string[];
  /**
   * Dimensions and measures dated by calendar month only (monthly buckets): answered as of the
   * first instant of a UTC month, where the buckets before it are the whole history; refused at
   * any other instant.
   */
  readonly datedByMonth?: readonly string[];
  /**
   * Dated facts another read model keeps, added to the rows before `at` reads them (an
   * opportunity's stage events beside the pipeline board), read in the viewer's scope. Only with
   * asOf (which groups in Node).
   */
  readonly join?: (rows: readonly D[], source: JoinSource, asOf: Date) => Promise<readonly D[]>;
  /** The projections `join` reads (read your own writes waits for them too). */
  readonly joinedProjections?: readonly string[];
}

/** True when the instant is the first of a UTC month (00:00:00.000 on the 1st). */
export function isMonthStart(at: Date): boolean {
  return (
    at.getUTCDate() === 1 &&
    at.getUTCHours() === 0 &&
    at.getUTCMinutes() === 0 &&
    at.getUTCSeconds() === 0 &&
    at.getUTCMilliseconds() === 0
  );
}

export interface DatasetSpec<D = Record<string, unknown>> {
  readonly name: string;
  readonly label: string;
  /** The projection and logical read model serving the rows (resolved to the serving collection). */
  readonly projection: string;
  readonly model: string;
  readonly scope: DatasetScope;
  /**
   * The event-store stream category with one stream per row (`<context>.<Aggregate>`, a published
   * naming contract): the daily reconciliation compares the two counts. Absent when rows are not
   * one per stream (survey answers, articles per locale): reconciliation skips the dataset.
   */
  readonly storeCategory?: string;
  /**
   * ISO-8601 string field dating a row's creation: `from`/`to`, `period` and `asOf` use it. Null:
   * the read model dates no row (journey funnels), so a window and `period` are refused.
   */
  readonly timeField: string | null;
  /**
   * When the time field moves with later facts (a forecast's latest submission): the field dating
   * the row's first existence, which bounds the rows read as of an instant instead; false when no
   * stored field does and `asOf.at` decides from a joined history.
   */
  readonly asOfTimeField?: string | false;
  /** Stored fields the dimensions and measures read (the aggregation projects only these). */
  readonly fields: readonly string[];
  /**
   * The rows that count now (fixed by the declaration, not the client), e.g. no merged duplicates.
   * Not applied with asOf: `asOf.at` decides from dated facts which rows counted then.
   */
  readonly baseMatch?: Readonly<Record<string, unknown>>;
  readonly dimensions: Readonly<Record<string, DimensionSpec<D>>>;
  readonly measures: Readonly<Record<string, MeasureSpec<D>>>;
  /** Absent: asOf is refused for this dataset. */
  readonly asOf?: AsOfSupport<D>;
  /** What a drill-down shows of each record. */
  record(doc: D): Readonly<Record<string, string | number | null>>;
  /**
   * Measures that read amounts converted at the tenant's exchange rates (ADR 0234): when a report
   * names one, each row passes through `convert` first (grouped in Node: rates are not on the
   * server).
   */
  readonly converted?: {
    readonly measures: readonly string[];
    convert(doc: D, rates: ExchangeRates): D;
  };
  /**
   * Amounts a report asked for a target currency converts (ADR 0455), each at the rate in force
   * when the event that set it happened. Such a report groups in Node.
   */
  readonly amounts?: {
    /**
     * The rows with the instants of the events that set their amounts as they stood at `at` (the
     * report's asOf or its present), from a dated history read in the viewer's scope; absent: the
     * row dates its amounts itself.
     */
    readonly dated?: (rows: readonly D[], source: JoinSource, at: Date) => Promise<readonly D[]>;
    /** The row (as of the report's instant) with every amount in the target currency. */
    readonly convert: (doc: D, convert: AmountConversion) => D;
    /** The projections `dated` reads (read your own writes waits for them too). */
    readonly datedProjections?: readonly string[];
  };
  /**
   * A stored document that holds several report rows (an opportunity's visits to each stage):
   * the rows it stands for. Such a dataset groups in Node; filters and drill-down see the rows.
   */
  readonly expand?: (doc: D, now: Date, asOf: Date | undefined) => readonly D[];
  /**
   * Facts of another read model each row needs (won deals beside a forecast), read in the same
   * record scope as the rows. Such a dataset groups in Node.
   */
  readonly join?: (
    rows: readonly D[],
    source: JoinSource,
    asOf: Date | undefined,
  ) => Promise<readonly D[]>;
  /** The projections a `join` reads besides the dataset's own (read your writes waits for them). */
  readonly joinedProjections?: readonly string[];
}

/** Every projection a report over the dataset reads: read your own writes waits for all of them. */
export function projectionsOf(
  dataset: Pick<DatasetSpec, 'projection' | 'joinedProjections' | 'asOf' | 'amounts'>,
) {
  const joined = [
    ...(dataset.joinedProjections ?? []),
    ...(dataset.asOf?.joinedProjections ?? []),
    ...(dataset.amounts?.datedProjections ?? []),
  ];
  return [dataset.projection, ...new Set(joined)];
}

/** What a dataset's `join` may read: another serving read model, in the viewer's record scope. */
export interface JoinSource {
  /** The rows of `model` that match `filter` and the viewer's scope of the dataset. */
  find(
    projection: string,
    model: string,
    filter: Readonly<Record<string, unknown>>,
    fields: readonly string[],
  ): Promise<Record<string, unknown>[]>;
}

/** The documents of `model` with these ids, by id, read in the viewer's scope (none asked: none read). */
export async function documentsById<T>(
  source: JoinSource,
  projection: string,
  model: string,
  ids: readonly string[],
  fields: readonly string[],
): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const found = await source.find(projection, model, { _id: { $in: [...ids] } }, fields);
  return new Map(found.map((doc) => [String(doc._id), doc as unknown as T]));
}

/** Erases the row type so datasets of different shapes can share one catalogue. */
export function declareDataset<D>(spec: DatasetSpec<D>): DatasetSpec {
  return spec as unknown as DatasetSpec;
}

const DAY_MS = 86_400_000;

/** Minor units as major (2 decimals), or 0 for a value that is not a finite number. */
export function majorOf(minor: unknown): number {
  return typeof minor === 'number' && Number.isFinite(minor) ? minor / 100 : 0;
}

/** Whole days between an ISO instant and `now` (never negative). */
export function daysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS));
}

/** Hours between two ISO instants, or null when either is missing. */
export function hoursBetween(from: string | undefined, to: string | undefined): number | null {
  if (!from || !to) return null;
  return (Date.parse(to) - Date.parse(from)) / 3_600_000;
}

/** The value, or `(none)` for a missing or empty one (one spelling for every dimension). */
export function orNone(value: string | null | undefined): string {
  return value === undefined || value === null || value === '' ? NONE : value;
}

export const NONE = '(none)';
