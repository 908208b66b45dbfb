// Runs reports against the serving read models: validates the definition, applies the viewer's
// record scope inside the aggregation, groups the rows, and says how far the read model lags the
// event store (store head − the serving target's applied global position). Drill-down returns the
// records behind one figure, selected by the very same scope, window, asOf and dimension values.
import { ReadModelResolver } from '@crm/read-models';
import { ExchangeRates } from '../currency/exchange-rates';
import { amountConversion } from '../currency/target-currency';
import type { Connection } from 'mongoose';
import { DATASETS } from '../datasets/catalogue';
import type { DatasetSpec, JoinSource } from '../datasets/dataset';
import {
  InvalidReportError,
  definitionKeyParts,
  validateReport,
  type ReportDefinition,
  type ValidReport,
} from '../definition/report-definition';
import { aggregateReport, rowKey, viewRow, type ReportTable } from './aggregate-report';
import { reportPipeline } from './report-pipeline';
import type { ReportResultCache } from './report-result-cache';
import type { ReportRollups } from '../rollups/report-rollups';
import { reportScopeFilter, type ReportViewer } from './report-scope';
import { serverGroupPipeline, tableFromServerGroups } from './server-grouping';
import { systemClock } from '@crm/event-sourcing';

/** The store's highest committed global position (PostgresStoreHead of @crm/messaging in production). */
export interface StoreHeadReader {
  position(): Promise<number>;
}

/** How current a figure is: the read model's applied position against the store head. */
export interface ReportFreshness {
  readonly projection: string;
  readonly appliedPosition: number;
  readonly storeHead: number;
  /** Events committed to the store that the read model has not applied yet (0: up to date). */
  readonly eventsBehind: number;
}

export interface ColumnInfo {
  readonly key: string;
  readonly label: string;
}

export interface ReportResult extends ReportTable {
  readonly dataset: string;
  readonly dimensions: readonly ColumnInfo[];
  readonly measures: readonly ColumnInfo[];
  readonly asOf: string | null;
  readonly generatedAt: string;
  readonly freshness: ReportFreshness;
  /** When the figures were pre-aggregated (ADR 0330); absent: computed by this query. */
  readonly precomputedAt?: string;
}

export interface RunOptions {
  /** Read your own writes: figures must include this global position (pre-aggregated or not). */
  readonly atLeastPosition?: number;
}

export interface DrillDownResult {
  readonly records: readonly Readonly<Record<string, string | number | null>>[];
  /** True when more records matched than `limit`. */
  readonly truncated: boolean;
  readonly freshness: ReportFreshness;
}

export const DRILL_DOWN_MAX = 200;

export interface ReportEngineDeps {
  readonly connection: Connection;
  readonly storeHead: StoreHeadReader;
  readonly resolver?: ReadModelResolver;
  readonly clock?: () => Date;
  readonly catalogue?: Readonly<Record<string, DatasetSpec>>;
  /**
   * `server` (default): reports whose parts all have server expressions group in MongoDB, the
   * others in Node. `node`: always group in Node (the reference the int test compares against).
   */
  readonly grouping?: 'server' | 'node';
  /** The tenant's exchange rates (ADR 0234); absent: no rates, converted amounts are unconverted. */
  readonly rates?: (tenantId: string) => Promise<ExchangeRates>;
  /** Reuses figures computed at the same read-model position (ADR 0307); absent: none reused. */
  readonly cache?: ReportResultCache;
  /** Pre-aggregated standard reports (ADR 0330); absent: every report groups its rows. */
  readonly rollups?: ReportRollups;
}

/** Where a report's rows were grouped. */
export type GroupedOn = 'server' | 'node';

type Doc = Record<string, unknown>;

export class ReportEngine {
  private readonly resolver: ReadModelResolver;
  private readonly clock: () => Date;
  private readonly catalogue: Readonly<Record<string, DatasetSpec>>;

  constructor(private readonly deps: ReportEngineDeps) {
    this.resolver = deps.resolver ?? new ReadModelResolver(deps.connection);
    this.clock = deps.clock ?? (() => systemClock.now());
    this.catalogue = deps.catalogue ?? DATASETS;
  }

  validate(definition: ReportDefinition): ValidReport {
    return validateReport(definition, this.catalogue, this.clock());
  }

  async run(
    definition: ReportDefinition,
    viewer: ReportViewer,
    options: RunOptions = {},
  ): Promise<ReportResult> {
    const report = await this.withTargetCurrency(this.validate(definition), viewer);
    const precomputed = await this.fromRollup(report, viewer, options.atLeastPosition ?? 0);
    if (precomputed) return precomputed;
    // Freshness first: the rows read afterwards include at least what it reports as applied.
    const freshness = await this.freshness(report.dataset);
    const key = this.cacheKey(report, viewer, freshness);
    const cached = key === undefined ? undefined : this.deps.cache?.get(key);
    if (cached) return { ...cached, freshness };
    const result = this.resultOf(report, await this.table(report, viewer), freshness);
    if (key !== undefined) this.deps.cache?.set(key, result);
    return result;
  }

  /** The report with its rows' amounts converted to its target currency, if it has one. */
  private async withTargetCurrency(
    report: ValidReport,
    viewer: ReportViewer,
  ): Promise<ValidReport> {
    const { currency, dataset } = report;
    if (currency === undefined || !dataset.amounts) return report;
    const rates = (await this.deps.rates?.(viewer.principal.tenantId)) ?? ExchangeRates.none();
    const conversion = amountConversion(rates, currency);
    const { convert } = dataset.amounts;
    return { ...report, toTargetCurrency: (doc) => convert(doc, conversion) };
  }

  private resultOf(report: ValidReport, table: ReportTable, freshness: ReportFreshness) {
    const column = (spec: Record<string, { label: string }>) => (key: string) => ({
      key,
      label: key === 'period' ? `Period (${report.timeGrain})` : spec[key]!.label,
    });
    return {
      dataset: report.dataset.name,
      dimensions: report.dimensions.map(column(report.dataset.dimensions)),
      measures: report.measures.map(column(report.dataset.measures)),
      ...table,
      asOf: report.asOf?.toISOString() ?? null,
      generatedAt: report.clock.toISOString(),
      freshness,
    } satisfies ReportResult;
  }

  /**
   * The figures from the report's pre-aggregated groups (ADR 0330), in the viewer's scope, with
   * the lag of the position they were computed at; undefined when none may answer.
   */
  private async fromRollup(
    report: ValidReport,
    viewer: ReportViewer,
    atLeastPosition: number,
  ): Promise<ReportResult | undefined> {
    const rollups = this.deps.rollups;
    const id = rollups?.idOf(report);
    const scope = reportScopeFilter(report.dataset.scope, viewer);
    if (!rollups || id === undefined || scope === null) return undefined;
    const [head, storeHead] = await Promise.all([rollups.head(id), this.deps.storeHead.position()]);
    if (!head || !rollups.usable(head, report, atLeastPosition)) return undefined;
    const freshness: ReportFreshness = {
      projection: report.dataset.projection,
      appliedPosition: head.position,
      storeHead,
      eventsBehind: Math.max(0, storeHead - head.position),
    };
    const table = await rollups.table(report, head, scope);
    return { ...this.resultOf(report, table, freshness), precomputedAt: head.computedAt };
  }

  /**
   * The key under which a result may be reused, or undefined when it may not: same definition,
   * record scope, applied position and minute of the report's clock. A join reads another read
   * model and converted amounts read the tenant's rates, neither covered by the position.
   */
  private cacheKey(
    report: ValidReport,
    viewer: ReportViewer,
    freshness: ReportFreshness,
  ): string | undefined {
    if (!this.deps.cache || report.dataset.join || report.currency) return undefined;
    if (report.asOf && report.dataset.asOf?.join) return undefined;
    const converted = report.dataset.converted;
    if (converted && report.measures.some((m) => converted.measures.includes(m))) return undefined;
    return JSON.stringify([
      ...definitionKeyParts(report),
      report.from?.toISOString() ?? null,
      report.to?.toISOString() ?? null,
      report.asOf?.toISOString() ?? null,
      reportScopeFilter(report.dataset.scope, viewer),
      freshness.appliedPosition,
      report.clock.toISOString().slice(0, 16),
    ]);
  }

  /** The records behind the figure of one row: `cell` holds one value per report dimension. */
  async drillDown(
    definition: ReportDefinition,
    cell: readonly string[],
    viewer: ReportViewer,
    limit = 50,
  ): Promise<DrillDownResult> {
    const report = await this.withTargetCurrency(this.validate(definition), viewer);
    if (!Array.isArray(cell) || cell.length !== report.dimensions.length) {
      throw new InvalidReportError(
        'cell',
        `must give one value per dimension (${report.dimensions.length})`,
      );
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > DRILL_DOWN_MAX) {
      throw new InvalidReportError('limit', `must be 1 to ${DRILL_DOWN_MAX}`);
    }
    const freshness = await this.freshness(report.dataset);
    const records: Doc[] = [];
    let truncated = false;
    for (const doc of await this.rows(report, viewer)) {
      const row = viewRow(report, doc);
      if (!row || rowKey(report, row).some((v, i) => v !== cell[i])) continue;
      if (records.length === limit) {
        truncated = true;
        break;
      }
      records.push(row);
    }
    return { records: records.map((r) => report.dataset.record(r)), truncated, freshness };
  }

  async freshness(dataset: DatasetSpec): Promise<ReportFreshness> {
    const [appliedPosition, storeHead] = await Promise.all([
      this.resolver.appliedStorePosition(dataset.projection),
      this.deps.storeHead.position(),
    ]);
    return {
      projection: dataset.projection,
      appliedPosition,
      storeHead,
      eventsBehind: Math.max(0, storeHead - appliedPosition),
    };
  }

  /** Where this definition's rows are grouped (for benchmarks, tests and diagnostics). */
  groupedOn(definition: ReportDefinition): GroupedOn {
    const report = this.validate(definition);
    return this.deps.grouping !== 'node' && serverGroupPipeline(report, {}) !== null
      ? 'server'
      : 'node';
  }

  private async table(report: ValidReport, viewer: ReportViewer) {
    const scope = reportScopeFilter(report.dataset.scope, viewer);
    const onServer =
      scope !== null && this.deps.grouping !== 'node' ? serverGroupPipeline(report, scope) : null;
    if (onServer === null) {
      const rows = await this.rows(report, viewer);
      const converted = report.dataset.converted;
      if (!converted || !report.measures.some((m) => converted.measures.includes(m)))
        return aggregateReport(report, rows);
      const rates = (await this.deps.rates?.(viewer.principal.tenantId)) ?? ExchangeRates.none();
      return aggregateReport(
        report,
        rows.map((row) => converted.convert(row, rates)),
      );
    }
    const collection = await this.servingCollection(report);
    return tableFromServerGroups(report, await collection.aggregate<Doc>(onServer).toArray());
  }

  private async rows(report: ValidReport, viewer: ReportViewer): Promise<Doc[]> {
    const scope = reportScopeFilter(report.dataset.scope, viewer);
    if (scope === null) return [];
    const collection = await this.servingCollection(report);
    const stored = await collection.aggregate<Doc>(reportPipeline(report, scope)).toArray();
    const { expand, join } = report.dataset;
    const rows = expand
      ? stored.flatMap((doc) => expand(doc, report.asOf ?? report.clock, report.asOf))
      : stored;
    const joined = join ? [...(await join(rows, this.joinSource(scope), report.asOf))] : rows;
    const datedElsewhere = report.dataset.asOf?.join;
    const asOfRows =
      report.asOf && datedElsewhere
        ? [...(await datedElsewhere(joined, this.joinSource(scope), report.asOf))]
        : joined;
    const datedAmounts = report.currency ? report.dataset.amounts?.dated : undefined;
    return datedAmounts
      ? [...(await datedAmounts(asOfRows, this.joinSource(scope), report.asOf ?? report.clock))]
      : asOfRows;
  }

  /** Reads of another read model for a dataset's join, always inside the viewer's scope. */
  private joinSource(scope: Readonly<Record<string, unknown>>): JoinSource {
    return {
      find: async (projection, model, filter, fields) => {
        const collection = await this.resolver.collection(projection, model);
        const project = Object.fromEntries(fields.map((f) => [f, 1]));
        return collection.find<Doc>({ $and: [scope, filter] }, { projection: project }).toArray();
      },
    };
  }

  private servingCollection(report: ValidReport) {
    return this.resolver.collection(report.dataset.projection, report.dataset.model);
  }
}
