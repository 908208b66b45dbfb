// Pre-aggregated standard reports (R1 cold, ADR 0330). A dashboard's first query used to group
// every row of the read model (100,000 customers: seconds on the MongoDB-wire server). Here the
// projections app keeps each eligible standard report grouped by tenant and by the fields its
// record scope reads (owner, team, status...), as running figures (counts, sums, ratio parts);
// a report then reads a few hundred groups, applies the viewer's scope filter to them as it would
// to the records, and adds them up. Figures carry the position the groups were computed at, so
// the freshness is exactly the lag of what is shown.
//
// A report is pre-aggregated when its figures can be added up across groups and do not move with
// the time of day: no percentile (values are not summable), no join, expanded rows or converted
// amounts, no day-dependent part (backlog age, days in stage so far). Value tier and RFM scores
// move with the month only, so groups are used only in the UTC month they were computed in.
import { randomUUID } from 'node:crypto';
import { systemClock } from '@crm/event-sourcing';
import { ReadModelNotReadyError, ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import { DATASETS } from '../datasets/catalogue';
import type { DatasetScope, DatasetSpec } from '../datasets/dataset';
import {
  definitionKeyParts,
  validateReport,
  type ValidReport,
} from '../definition/report-definition';
import { groupRows, type Accumulator, type ReportTable } from '../engine/aggregate-report';
import { reportPipeline } from '../engine/report-pipeline';
import { serverGroupPipeline, tableFromServerGroups } from '../engine/server-grouping';
import { STANDARD_PACKS, type StandardReport } from '../packs/standard-packs';

export const REPORT_ROLLUP_GROUPS = 'report_rollup_groups';
export const REPORT_ROLLUP_HEADS = 'report_rollup_heads';

/**
 * The fields each record-scope rule reads besides `tenantId` (report-scope.ts): the groups keep
 * them so the very same scope filter selects the groups a viewer may count. A scope not listed
 * (tickets: "unassigned" is a missing field) is not pre-aggregated.
 */
const SCOPE_FIELDS: Partial<Record<DatasetScope, readonly string[]>> = {
  customers: ['ownerUserId', 'teamId', 'status'],
  sales: ['ownerId', 'teamId'],
  csat: ['agentId', 'teamId'],
  loyalty: [],
  marketing: [],
  deskTenant: [],
};

/** Parts whose value changes with the time of day (computed against the report's clock). */
const MOVES_WITH_THE_DAY: Readonly<Record<string, readonly string[]>> = {
  opportunities: ['daysInStage'],
  tickets: ['backlogAge'],
};

/** Groups of an older computation are kept this long for readers that read the older head. */
const GRACE_MS = 60_000;

export interface RollupHead {
  /** `<pack>/<name>` of the standard report. */
  readonly _id: string;
  readonly generation: string;
  readonly projection: string;
  /** The serving read model's applied global position, read before its rows. */
  readonly position: number;
  readonly computedAt: string;
  readonly computedAtMs: number;
}

type Doc = Record<string, unknown>;

function canonical(report: ValidReport): string {
  return JSON.stringify(definitionKeyParts(report));
}

function scopeFieldsOf(dataset: DatasetSpec): readonly string[] | undefined {
  return SCOPE_FIELDS[dataset.scope];
}

/** Why a report cannot be pre-aggregated, or undefined when it can. */
export function notRolledUpBecause(report: ValidReport): string | undefined {
  const { dataset } = report;
  if (report.from || report.to || report.asOf) return 'a window or asOf';
  if (!scopeFieldsOf(dataset)) return `the ${dataset.scope} record scope`;
  if (dataset.join || dataset.expand) return 'joined or expanded rows';
  const converted = dataset.converted?.measures ?? [];
  if (report.currency || report.measures.some((m) => converted.includes(m)))
    return 'converted amounts';
  if (report.measures.some((m) => dataset.measures[m]!.kind === 'percentile'))
    return 'a percentile';
  const daily = MOVES_WITH_THE_DAY[dataset.name] ?? [];
  const parts = [
    ...report.dimensions,
    ...report.measures,
    ...report.filters.map((f) => f.dimension),
  ];
  if (parts.some((p) => daily.includes(p))) return 'a figure that moves with the time of day';
  return undefined;
}

interface RolledUpReport {
  readonly id: string;
  readonly definition: StandardReport;
}

const rolledUpByCatalogue = new WeakMap<object, Map<string, RolledUpReport>>();

/** The standard reports kept pre-aggregated, by the canonical form of their definition. */
function rolledUpReports(catalogue: Readonly<Record<string, DatasetSpec>>) {
  let byKey = rolledUpByCatalogue.get(catalogue);
  if (!byKey) {
    byKey = new Map();
    const packs: Readonly<Record<string, Readonly<Record<string, StandardReport>>>> =
      STANDARD_PACKS;
    for (const [pack, reports] of Object.entries(packs)) {
      for (const [name, definition] of Object.entries(reports)) {
        if (!Object.prototype.hasOwnProperty.call(catalogue, definition.dataset)) continue;
        const report = validateReport(definition, catalogue, new Date());
        if (notRolledUpBecause(report) === undefined)
          byKey.set(canonical(report), { id: `${pack}/${name}`, definition });
      }
    }
    rolledUpByCatalogue.set(catalogue, byKey);
  }
  return byKey;
}

/** The id of the pre-aggregation that answers this report, or undefined when none does. */
export function rollupIdOf(
  report: ValidReport,
  catalogue: Readonly<Record<string, DatasetSpec>> = DATASETS,
): string | undefined {
  if (report.from || report.to || report.asOf || report.currency) return undefined;
  return rolledUpReports(catalogue).get(canonical(report))?.id;
}

/** The running figures of one group as stored fields (`n`, `s0`, `c0`, `d0`, `u0`, ...). */
function accumulatorFields(acc: Accumulator): Doc {
  const fields: Doc = { n: acc.count };
  acc.sums.forEach((_, i) => {
    fields[`s${i}`] = acc.sums[i];
    fields[`c${i}`] = acc.counts[i];
    fields[`d${i}`] = acc.denominators[i];
    fields[`u${i}`] = acc.numerators[i];
  });
  return fields;
}

/** Only present values: a scope filter's `$in` never matches a missing field, as on the record. */
function presentValues(entries: readonly (readonly [string, unknown])[]): Doc {
  return Object.fromEntries(entries.filter(([, v]) => v !== null && v !== undefined));
}

export interface ReportRollupsDeps {
  readonly connection: Connection;
  readonly resolver?: ReadModelResolver;
  readonly catalogue?: Readonly<Record<string, DatasetSpec>>;
  readonly clock?: () => Date;
}

/** Computes, stores and reads the pre-aggregated standard reports. */
export class ReportRollups {
  private readonly resolver: ReadModelResolver;
  private readonly catalogue: Readonly<Record<string, DatasetSpec>>;
  private readonly clock: () => Date;
  private indexed = false;

  constructor(private readonly deps: ReportRollupsDeps) {
    this.resolver = deps.resolver ?? new ReadModelResolver(deps.connection);
    this.catalogue = deps.catalogue ?? DATASETS;
    this.clock = deps.clock ?? (() => systemClock.now());
  }

  /** Every pre-aggregated standard report's id (`<pack>/<name>`). */
  ids(): string[] {
    return [...rolledUpReports(this.catalogue).values()].map((r) => r.id);
  }

  idOf(report: ValidReport): string | undefined {
    return rollupIdOf(report, this.catalogue);
  }

  private get db() {
    const db = this.deps.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    return db;
  }

  private definitionOf(id: string): StandardReport {
    for (const r of rolledUpReports(this.catalogue).values()) if (r.id === id) return r.definition;
    throw new Error(`No pre-aggregated report ${id}`);
  }

  async head(id: string): Promise<RollupHead | null> {
    return this.db.collection<RollupHead>(REPORT_ROLLUP_HEADS).findOne({ _id: id });
  }

  /** Recomputes one report's groups over every tenant and makes them the ones read. */
  async refresh(id: string): Promise<RollupHead> {
    const report = validateReport(this.definitionOf(id), this.catalogue, this.clock());
    const { projection, model } = report.dataset;
    // Before the rows: the groups include at least what this position says was applied.
    const position = await this.resolver.appliedStorePosition(projection);
    const source = await this.resolver.collection(projection, model);
    const groups = await this.groupsOf(report, source);
    const computedAt = report.clock;
    const head: RollupHead = {
      _id: id,
      generation: randomUUID(),
      projection,
      position,
      computedAt: computedAt.toISOString(),
      computedAtMs: computedAt.getTime(),
    };
    const stored = this.db.collection(REPORT_ROLLUP_GROUPS);
    if (!this.indexed) {
      await stored.createIndex({ rollup: 1, generation: 1 });
      this.indexed = true;
    }
    if (groups.length > 0) {
      await stored.insertMany(
        groups.map((g) => ({
          ...g,
          rollup: id,
          generation: head.generation,
          computedAtMs: head.computedAtMs,
        })),
        { ordered: false },
      );
    }
    await this.db
      .collection<RollupHead>(REPORT_ROLLUP_HEADS)
      .replaceOne({ _id: id }, head, { upsert: true });
    await stored.deleteMany({
      rollup: id,
      generation: { $ne: head.generation },
      computedAtMs: { $lt: head.computedAtMs - GRACE_MS },
    });
    return head;
  }

  /**
   * Refreshes the reports whose read model applied new events at least `minIntervalMs` after
   * their last computation, whose UTC month has turned, or that were never computed.
   */
  async refreshDue(minIntervalMs: number): Promise<string[]> {
    const refreshed: string[] = [];
    const now = this.clock();
    for (const id of this.ids()) {
      const report = validateReport(this.definitionOf(id), this.catalogue, now);
      const head = await this.head(id);
      const applied = await this.resolver.appliedStorePosition(report.dataset.projection);
      const due =
        !head ||
        head.projection !== report.dataset.projection ||
        !sameUtcMonth(head.computedAt, now) ||
        (applied > head.position && now.getTime() - head.computedAtMs >= minIntervalMs);
      if (!due) continue;
      try {
        await this.refresh(id);
        refreshed.push(id);
      } catch (error) {
        // A read model still on its first build has nothing to add up yet; the next pass will.
        if (!(error instanceof ReadModelNotReadyError)) throw error;
      }
    }
    return refreshed;
  }

  /** Whether `head` may answer a report run at `report.clock` that must include a position. */
  usable(head: RollupHead | null, report: ValidReport, atLeastPosition: number): boolean {
    return (
      head !== null &&
      head.projection === report.dataset.projection &&
      head.position >= atLeastPosition &&
      sameUtcMonth(head.computedAt, report.clock)
    );
  }

  /** The report's table from the groups of `head` that the viewer's scope filter selects. */
  async table(
    report: ValidReport,
    head: RollupHead,
    scope: Readonly<Record<string, unknown>>,
  ): Promise<ReportTable> {
    const group: Doc = {
      _id: Object.fromEntries(report.dimensions.map((_, i) => [`k${i}`, `$k${i}`])),
      n: { $sum: '$n' },
    };
    report.measures.forEach((_, i) => {
      for (const part of ['s', 'c', 'd', 'u']) group[`${part}${i}`] = { $sum: `$${part}${i}` };
    });
    const groups = await this.db
      .collection(REPORT_ROLLUP_GROUPS)
      .aggregate<Doc>([
        { $match: { $and: [{ rollup: head._id, generation: head.generation }, scope] } },
        { $group: group },
      ])
      .toArray();
    return tableFromServerGroups(report, groups);
  }

  /** The report grouped by tenant and scope fields too, over every tenant. */
  private async groupsOf(
    report: ValidReport,
    source: Awaited<ReturnType<ReadModelResolver['collection']>>,
  ): Promise<Doc[]> {
    const scopeFields = ['tenantId', ...scopeFieldsOf(report.dataset)!];
    const onServer = serverGroupPipeline(report, {});
    if (onServer !== null) {
      const group = onServer.at(-1)!['$group'] as Doc;
      const id = group['_id'] as Doc;
      scopeFields.forEach((f, i) => (id[`f${i}`] = `$${f}`));
      const groups = await source.aggregate<Doc>(onServer).toArray();
      return groups.map((g) => {
        const { _id, ...figures } = g;
        const key = (_id ?? {}) as Doc;
        return {
          ...presentValues(scopeFields.map((f, i) => [f, key[`f${i}`]] as const)),
          ...Object.fromEntries(report.dimensions.map((_, i) => [`k${i}`, key[`k${i}`]])),
          ...figures,
        };
      });
    }
    const pipeline = reportPipeline(report, {});
    const project = pipeline[1]!['$project'] as Record<string, 1>;
    for (const f of scopeFields) project[f] = 1;
    const rows = await source.aggregate<Doc>(pipeline).toArray();
    const { groups } = groupRows(report, rows, (row) =>
      scopeFields.map((f) => JSON.stringify(row[f] ?? null)),
    );
    return groups.map((g) => ({
      ...presentValues(scopeFields.map((f, i) => [f, JSON.parse(g.prefix[i]!)] as const)),
      ...Object.fromEntries(g.key.map((k, i) => [`k${i}`, k])),
      ...accumulatorFields(g.acc),
    }));
  }
}

function sameUtcMonth(iso: string, at: Date): boolean {
  return iso.slice(0, 7) === at.toISOString().slice(0, 7);
}
