// Between the reports library and the GraphQL types: definitions in, results out, and the
// library's errors as the API's (a bad definition is the client's, a building read model retryable).
import { ReadModelNotReadyError } from '@crm/read-models';
import {
  InvalidReportError,
  UnknownStandardReportError,
  type ReportDefinition,
  type ReportFreshness as Freshness,
  type ReportResult as Result,
} from '@crm/reports';
import { BadUserInputError, ClientError, ErrorCode } from '../graphql/gateway-errors';
import type { ReportDefinitionInput, ReportFreshness, ReportResult } from './reports.models';

export function definitionOf(input: ReportDefinitionInput): ReportDefinition {
  return {
    dataset: input.dataset,
    dimensions: input.dimensions,
    measures: input.measures,
    filters: (input.filters ?? []).map((f) => ({ dimension: f.dimension, values: f.values })),
    ...(input.timeGrain ? { timeGrain: input.timeGrain } : {}),
    ...(input.from ? { from: input.from } : {}),
    ...(input.to ? { to: input.to } : {}),
    ...(input.asOf ? { asOf: input.asOf } : {}),
    ...(input.currency ? { currency: input.currency } : {}),
  };
}

export function freshnessOf(f: Freshness): ReportFreshness {
  return {
    projection: f.projection,
    appliedPosition: String(f.appliedPosition),
    storeHead: String(f.storeHead),
    eventsBehind: f.eventsBehind,
  };
}

export function resultOf(r: Result): ReportResult {
  return {
    dataset: r.dataset,
    dimensions: [...r.dimensions],
    measures: [...r.measures],
    rows: r.rows.map((row) => ({ dimensions: [...row.dimensions], values: [...row.values] })),
    totals: [...r.totals],
    rowCount: r.rowCount,
    asOf: r.asOf,
    generatedAt: r.generatedAt,
    freshness: freshnessOf(r.freshness),
  };
}

/** Library errors as the API's: a bad definition is the client's, a building read model retryable. */
export function translate(error: unknown): unknown {
  if (error instanceof InvalidReportError) {
    return new BadUserInputError(`Invalid report: ${error.message}`, [
      { field: error.field, code: 'INVALID', message: error.message },
    ]);
  }
  if (error instanceof UnknownStandardReportError) {
    return new BadUserInputError(error.message, [
      { field: 'name', code: 'UNKNOWN', message: error.message },
    ]);
  }
  if (error instanceof ReadModelNotReadyError) {
    return new ClientError(
      'The data behind this report is being prepared; try again in a moment.',
      ErrorCode.SERVICE_UNAVAILABLE,
      { retryable: true },
    );
  }
  return error;
}
