// Saved reports: a user saves a validated definition for themselves or shares it with their team
// or a role,
// lists what they may run, runs it (in their own record scope, optionally as of an instant) and
// deletes their own. Any signed-in role; auditors only list and run.
import { projectionsOf, type ReportDefinition } from '@crm/reports';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowAnyRole, AllowRoles } from '../authz/allow.decorator';
import { ALL_ROLES, Role } from '../authz/role';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import { ReadConsistency, atLeastPositionArg } from '../read-consistency/read-consistency';
import { definitionOf, resultOf, translate } from './reports.mapping';
import { ReportResult, ReportTimeGrain, SaveReportInput, SavedReport } from './reports.models';
import { REPORT_DIGESTS, type ReportDigestsApi } from './report-digests.resolver';
import { REPORT_RUNNER, SAVED_REPORTS, reportViewerOf, type ReportRunner } from './reports.ports';
import type {
  SavedReportOwner,
  SavedReportRecord,
  SavedReportStore,
} from './saved-reports.repository';

/** Everyone but auditors, who change nothing (they run reports, saved ones included). */
const REPORT_AUTHORS = ALL_ROLES.filter((r) => r !== Role.AUDITOR);

function ownerOf(ctx: GatewayContext): SavedReportOwner {
  const principal = principalOf(ctx);
  return {
    tenantId: principal.tenantId,
    userId: principal.userId,
    teamId: principal.teamId,
    roles: principal.roles,
  };
}

function savedOf(record: SavedReportRecord): SavedReport {
  const d = record.definition;
  return {
    id: record.reportId,
    name: record.name,
    ownerUserId: record.ownerUserId,
    sharedWithTeamId: record.sharedWithTeamId,
    sharedWithRole: (record.sharedWithRole as Role | null) ?? null,
    createdAt: record.createdAt.toISOString(),
    definition: {
      dataset: d.dataset,
      dimensions: [...d.dimensions],
      measures: [...d.measures],
      filters: (d.filters ?? []).map((f) => ({ dimension: f.dimension, values: [...f.values] })),
      timeGrain: (d.timeGrain as ReportTimeGrain | undefined) ?? null,
      from: d.from ?? null,
      to: d.to ?? null,
      currency: d.currency ?? null,
    },
  };
}

@Resolver()
export class SavedReportsResolver {
  constructor(
    @Inject(REPORT_RUNNER) private readonly reports: ReportRunner,
    @Inject(SAVED_REPORTS) private readonly saved: SavedReportStore,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
    @Inject(REPORT_DIGESTS) private readonly digests: ReportDigestsApi,
  ) {}

  @Mutation(() => SavedReport, {
    description:
      'Saves a report definition (validated first) for yourself, your team or everyone of a role.',
  })
  @AllowRoles(...REPORT_AUTHORS)
  async saveReport(
    @Context() ctx: GatewayContext,
    @Args('input') input: SaveReportInput,
  ): Promise<SavedReport> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) {
      throw new BadUserInputError('Invalid input: name must have 1 to 100 characters.', [
        { field: 'name', code: 'INVALID_LENGTH', message: 'must have 1 to 100 characters' },
      ]);
    }
    const owner = ownerOf(ctx);
    if (input.shareWithTeam && owner.teamId === null) {
      throw new BadUserInputError('Invalid input: you have no team to share with.', [
        { field: 'shareWithTeam', code: 'NO_TEAM', message: 'you belong to no team' },
      ]);
    }
    // A saved definition keeps no asOf: the instant is chosen when it runs.
    const { asOf: _asOf, ...definition }: ReportDefinition = definitionOf(input.definition);
    try {
      this.reports.validate(definition);
    } catch (error) {
      throw translate(error);
    }
    return savedOf(
      await this.saved.save(
        owner,
        name,
        definition,
        input.shareWithTeam,
        input.shareWithRole ?? null,
      ),
    );
  }

  @Query(() => [SavedReport], {
    description: "Your saved reports, your team's shared ones and those shared with your roles.",
  })
  @AllowAnyRole()
  async savedReports(@Context() ctx: GatewayContext): Promise<SavedReport[]> {
    return (await this.saved.list(ownerOf(ctx))).map(savedOf);
  }

  @Query(() => ReportResult, {
    description: 'Runs a saved report in your own record scope, optionally as of an instant.',
  })
  @AllowAnyRole()
  async runSavedReport(
    @Context() ctx: GatewayContext,
    @Args('id') id: string,
    @Args('asOf', { type: () => String, nullable: true }) asOf?: string | null,
    @atLeastPositionArg() atLeastPosition?: string | null,
  ): Promise<ReportResult> {
    const record = await this.saved.find(ownerOf(ctx), id);
    if (!record) throw new NotFoundError('Saved report', id);
    try {
      const definition = { ...record.definition, ...(asOf ? { asOf } : {}) };
      const spec = this.reports.validate(definition);
      await this.consistency.atLeast(atLeastPosition, projectionsOf(spec.dataset));
      return resultOf(await this.reports.run(definition, await reportViewerOf(ctx)));
    } catch (error) {
      throw translate(error);
    }
  }

  @Mutation(() => Boolean, { description: 'Deletes one of your own saved reports.' })
  @AllowRoles(...REPORT_AUTHORS)
  async deleteSavedReport(
    @Context() ctx: GatewayContext,
    @Args('id') id: string,
  ): Promise<boolean> {
    const owner = ownerOf(ctx);
    if (!(await this.saved.delete(owner, id))) throw new NotFoundError('Saved report', id);
    await this.digests.forget(owner.tenantId, id);
    return true;
  }
}
