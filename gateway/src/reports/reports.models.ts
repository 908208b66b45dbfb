// GraphQL types of the reports API: a report definition over a declared dataset, its result with
// freshness (how far the read model lags the event store), drill-down records, and export files.
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { Role } from '../authz/role';

export enum ReportTimeGrain {
  day = 'day',
  month = 'month',
  quarter = 'quarter',
  year = 'year',
}
registerEnumType(ReportTimeGrain, { name: 'ReportTimeGrain' });

export enum ReportExportFormat {
  CSV = 'csv',
  XLSX = 'xlsx',
}
registerEnumType(ReportExportFormat, { name: 'ReportExportFormat' });

@InputType({ description: 'Keep rows whose dimension value is one of `values`.' })
export class ReportFilterInput {
  @Field() dimension!: string;
  @Field(() => [String]) values!: string[];
}

@InputType({
  description:
    'A report over a declared dataset (see `reportDatasets`): names of its dimensions (or `period`) and measures, filters, a time grain, a [from, to) window on the dataset time field and `asOf`.',
})
export class ReportDefinitionInput {
  @Field() dataset!: string;
  @Field(() => [String]) dimensions!: string[];
  @Field(() => [String]) measures!: string[];
  @Field(() => [ReportFilterInput], { nullable: true })
  @ValidateNested({ each: true })
  @Type(() => ReportFilterInput)
  filters?: ReportFilterInput[] | null;
  @Field(() => ReportTimeGrain, { nullable: true }) timeGrain?: ReportTimeGrain | null;
  @Field(() => String, { nullable: true, description: 'ISO-8601 UTC instant (inclusive).' }) from?:
    string | null;
  @Field(() => String, { nullable: true, description: 'ISO-8601 UTC instant (exclusive).' }) to?:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Answer as the data stood at this ISO-8601 UTC instant.',
  })
  asOf?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Every amount in this currency (ISO 4217), each at the rate in force when the event that set it happened; a missing rate is BAD_USER_INPUT naming it.',
  })
  currency?: string | null;
}

@ObjectType()
export class ReportColumn {
  @Field() key!: string;
  @Field() label!: string;
}

@ObjectType()
export class ReportRowResult {
  @Field(() => [String]) dimensions!: string[];
  @Field(() => [Float], { nullable: 'items' }) values!: (number | null)[];
}

@ObjectType({ description: 'How current the figures are.' })
export class ReportFreshness {
  @Field() projection!: string;
  @Field({ description: 'Global position of the event store the read model has applied.' })
  appliedPosition!: string;
  @Field({ description: 'The event store head when the report ran.' }) storeHead!: string;
  @Field(() => Float, { description: 'Events in the store the read model has not applied yet.' })
  eventsBehind!: number;
}

@ObjectType()
export class ReportResult {
  @Field() dataset!: string;
  @Field(() => [ReportColumn]) dimensions!: ReportColumn[];
  @Field(() => [ReportColumn]) measures!: ReportColumn[];
  @Field(() => [ReportRowResult]) rows!: ReportRowResult[];
  @Field(() => [Float], { nullable: 'items', description: 'Each measure over all rows.' })
  totals!: (number | null)[];
  @Field(() => Int, { description: 'Records counted (within your record scope).' })
  rowCount!: number;
  @Field(() => String, { nullable: true }) asOf!: string | null;
  @Field() generatedAt!: string;
  @Field(() => ReportFreshness) freshness!: ReportFreshness;
}

@ObjectType()
export class ReportRecordField {
  @Field() key!: string;
  @Field(() => String, { nullable: true }) value!: string | null;
}

@ObjectType()
export class ReportDrillDown {
  @Field(() => [[ReportRecordField]]) records!: ReportRecordField[][];
  @Field() truncated!: boolean;
  @Field(() => ReportFreshness) freshness!: ReportFreshness;
}

@ObjectType({ description: 'A report file to download (content base64-encoded).' })
export class ReportFile {
  @Field() filename!: string;
  @Field() contentType!: string;
  @Field() contentBase64!: string;
}

@ObjectType()
export class ReportDatasetInfo {
  @Field() name!: string;
  @Field() label!: string;
  @Field(() => [ReportColumn]) dimensions!: ReportColumn[];
  @Field(() => [ReportColumn]) measures!: ReportColumn[];
  @Field(() => [String], { description: 'Dimensions and measures refused with asOf (undated).' })
  undatedForAsOf!: string[];
  @Field() supportsAsOf!: boolean;
}

@ObjectType({
  description: 'A filter of a standard report: rows whose dimension is one of values.',
})
export class ReportFilter {
  @Field() dimension!: string;
  @Field(() => [String]) values!: string[];
}

@ObjectType()
export class StandardReportInfo {
  @Field() pack!: string;
  @Field() name!: string;
  @Field() dataset!: string;
  // The rest of its definition, so that a client can drill down into or export a standard report
  // (both take a definition) without keeping its own copy of the packs.
  @Field(() => [String]) dimensions!: string[];
  @Field(() => [String]) measures!: string[];
  @Field(() => [ReportFilter]) filters!: ReportFilter[];
  @Field(() => ReportTimeGrain, { nullable: true }) timeGrain!: ReportTimeGrain | null;
}

@InputType()
export class SaveReportInput {
  @Field({ description: '1 to 100 characters.' }) name!: string;
  @Field(() => ReportDefinitionInput)
  @ValidateNested()
  @Type(() => ReportDefinitionInput)
  definition!: ReportDefinitionInput;
  @Field({
    description:
      "Share with your team: members may run it (each sees their own record scope's figures).",
  })
  shareWithTeam!: boolean;
  @Field(() => Role, {
    nullable: true,
    description:
      'Share with every user of the tenant who holds this role (each sees their own figures).',
  })
  shareWithRole?: Role | null;
}

@ObjectType()
export class SavedReportFilter {
  @Field() dimension!: string;
  @Field(() => [String]) values!: string[];
}

@ObjectType()
export class SavedReportDefinition {
  @Field() dataset!: string;
  @Field(() => [String]) dimensions!: string[];
  @Field(() => [String]) measures!: string[];
  @Field(() => [SavedReportFilter]) filters!: SavedReportFilter[];
  @Field(() => ReportTimeGrain, { nullable: true }) timeGrain!: ReportTimeGrain | null;
  @Field(() => String, { nullable: true }) from!: string | null;
  @Field(() => String, { nullable: true }) to!: string | null;
  @Field(() => String, { nullable: true, description: 'The target currency of every amount.' })
  currency!: string | null;
}

@ObjectType()
export class SavedReport {
  @Field() id!: string;
  @Field() name!: string;
  @Field() ownerUserId!: string;
  @Field(() => String, { nullable: true }) sharedWithTeamId!: string | null;
  @Field(() => Role, { nullable: true }) sharedWithRole!: Role | null;
  @Field() createdAt!: string;
  @Field(() => SavedReportDefinition) definition!: SavedReportDefinition;
}
