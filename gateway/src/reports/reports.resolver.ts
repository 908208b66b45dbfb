// The reports API: custom reports over declared datasets, the standard packs, drill-down and
// export. Any signed-in role may ask; the record scope of the caller filters every row inside the
// query (libs/reports, docs/reports.md), so a rep's figures count only his own records.
import {
  DATASETS,
  STANDARD_PACKS,
  exportReport,
  projectionsOf,
  standardReport,
  type ReportDefinition,
  type ReportResult as Result,
  type StandardReport,
} from '@crm/reports';
import { Inject } from '@nestjs/common';
import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { AllowAnyRole } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import {
  ReadConsistency,
  atLeastPositionArg,
  parseReadPosition,
} from '../read-consistency/read-consistency';
import { definitionOf, freshnessOf, resultOf, translate } from './reports.mapping';
import {
  ReportDatasetInfo,
  ReportDefinitionInput,
  ReportDrillDown,
  ReportExportFormat,
  ReportFile,
  ReportResult,
  ReportTimeGrain,
  StandardReportInfo,
} from './reports.models';
import { REPORT_RUNNER, reportViewerOf, type ReportRunner } from './reports.ports';

@Resolver()
export class ReportsResolver {
  constructor(
    @Inject(REPORT_RUNNER) private readonly reports: ReportRunner,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  /** Read your own writes: waits until the dataset's read model has applied the position. */
  private async atLeast(position: string | null | undefined, dataset: string): Promise<void> {
    const spec = Object.prototype.hasOwnProperty.call(DATASETS, dataset)
      ? DATASETS[dataset]
      : undefined;
    if (spec) await this.consistency.atLeast(position, projectionsOf(spec));
  }

  private async run(
    ctx: GatewayContext,
    definition: ReportDefinition,
    atLeastPosition?: string | null,
  ): Promise<Result> {
    try {
      // Pre-aggregated figures answer only once they include the position (read your writes).
      const position = parseReadPosition(atLeastPosition) ?? 0;
      return await this.reports.run(definition, await reportViewerOf(ctx), {
        atLeastPosition: position,
      });
    } catch (error) {
      throw translate(error);
    }
  }

  @Query(() => [ReportDatasetInfo], { description: 'The datasets reports may use.' })
  @AllowAnyRole()
  reportDatasets(): ReportDatasetInfo[] {
    return Object.values(DATASETS).map((d) => ({
      name: d.name,
      label: d.label,
      dimensions: Object.entries(d.dimensions).map(([key, v]) => ({ key, label: v.label })),
      measures: Object.entries(d.measures).map(([key, v]) => ({ key, label: v.label })),
      undatedForAsOf: d.asOf ? [...d.asOf.undatedDimensions, ...d.asOf.undatedMeasures] : [],
      supportsAsOf: d.asOf !== undefined,
    }));
  }

  @Query(() => [StandardReportInfo], { description: 'The standard reports, by pack.' })
  @AllowAnyRole()
  standardReports(): StandardReportInfo[] {
    const packs: Readonly<Record<string, Readonly<Record<string, StandardReport>>>> =
      STANDARD_PACKS;
    return Object.entries(packs).flatMap(([pack, reports]) =>
      Object.entries(reports).map(([name, r]) => ({
        pack,
        name,
        dataset: r.dataset,
        dimensions: [...r.dimensions],
        measures: [...r.measures],
        filters: (r.filters ?? []).map((f) => ({ dimension: f.dimension, values: [...f.values] })),
        timeGrain: (r.timeGrain as ReportTimeGrain | undefined) ?? null,
      })),
    );
  }

  @Query(() => ReportResult, { description: 'A custom report, within your record scope.' })
  @AllowAnyRole()
  async report(
    @Context() ctx: GatewayContext,
    @Args('definition') definition: ReportDefinitionInput,
    @atLeastPositionArg() atLeastPosition?: string | null,
  ): Promise<ReportResult> {
    await this.atLeast(atLeastPosition, definition.dataset);
    return resultOf(await this.run(ctx, definitionOf(definition), atLeastPosition));
  }

  @Query(() => ReportResult, {
    description: 'A standard report, optionally as of an instant and with amounts in a currency.',
  })
  @AllowAnyRole()
  async standardReport(
    @Context() ctx: GatewayContext,
    @Args('pack') pack: string,
    @Args('name') name: string,
    @Args('asOf', { type: () => String, nullable: true }) asOf?: string | null,
    @atLeastPositionArg() atLeastPosition?: string | null,
    @Args('currency', {
      type: () => String,
      nullable: true,
      description:
        'Every amount in this currency (ISO 4217), at the rate in force when the event that set it happened.',
    })
    currency?: string | null,
  ): Promise<ReportResult> {
    let definition: ReportDefinition;
    try {
      definition = standardReport(pack, name, {
        ...(asOf && { asOf }),
        ...(currency && { currency }),
      });
    } catch (error) {
      throw translate(error);
    }
    await this.atLeast(atLeastPosition, definition.dataset);
    return resultOf(await this.run(ctx, definition, atLeastPosition));
  }

  @Query(() => ReportDrillDown, {
    description: 'The records behind one row of a report: `cell` gives one value per dimension.',
  })
  @AllowAnyRole()
  async reportDrillDown(
    @Context() ctx: GatewayContext,
    @Args('definition') definition: ReportDefinitionInput,
    @Args('cell', { type: () => [String] }) cell: string[],
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
    @atLeastPositionArg() atLeastPosition?: string | null,
  ): Promise<ReportDrillDown> {
    await this.atLeast(atLeastPosition, definition.dataset);
    try {
      const result = await this.reports.drillDown(
        definitionOf(definition),
        cell,
        await reportViewerOf(ctx),
        limit ?? 50,
      );
      return {
        records: result.records.map((r) =>
          Object.entries(r).map(([key, value]) => ({
            key,
            value: value === null ? null : String(value),
          })),
        ),
        truncated: result.truncated,
        freshness: freshnessOf(result.freshness),
      };
    } catch (error) {
      throw translate(error);
    }
  }

  @Query(() => ReportFile, { description: 'A custom report as a CSV or XLSX file to download.' })
  @AllowAnyRole()
  async exportReport(
    @Context() ctx: GatewayContext,
    @Args('definition') definition: ReportDefinitionInput,
    @Args('format', { type: () => ReportExportFormat }) format: ReportExportFormat,
  ): Promise<ReportFile> {
    const file = await exportReport(await this.run(ctx, definitionOf(definition)), format);
    return {
      filename: file.filename,
      contentType: file.contentType,
      contentBase64: file.content.toString('base64'),
    };
  }
}
