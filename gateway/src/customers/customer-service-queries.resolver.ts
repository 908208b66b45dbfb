// Queries answered by services/customers itself (not the read models): consent decisions,
// duplicate candidates, import progress and the personal-data export (GDPR Art. 15). All roles
// that may call them are listed here; every one is scoped by tenant and record scope.
import type * as P from '@crm/contracts/customers-grpc';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { AllowAnyRole, AllowRoles } from '../authz/allow.decorator';
import { Role } from '../authz/role';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError } from '../graphql/gateway-errors';
import { ParseUuidPipe } from '../graphql/parse-uuid.pipe';
import { CustomerAccess } from './customer-access';
import { CustomerCommands } from './customer-commands';
import {
  consentDecisionFromProto,
  duplicateCandidateFromProto,
  importJobFromProto,
} from './grpc/customer-command.mappers';
import {
  ConsentDecision,
  DuplicateCandidate,
  ImportJob,
  PersonalDataExport,
} from './models/command-results.model';
import { ConsentChannel, toProtoEnum } from './models/customer-enums';

@Resolver()
export class CustomerServiceQueriesResolver {
  constructor(
    @Inject(CustomerCommands) private readonly commands: CustomerCommands,
    @Inject(CustomerAccess) private readonly access: CustomerAccess,
  ) {}

  @Query(() => ConsentDecision, {
    description: 'May marketing contact this customer on this channel right now?',
  })
  @AllowAnyRole()
  async checkConsent(
    @Args('customerId', { type: () => ID }, ParseUuidPipe) customerId: string,
    @Args('channel', { type: () => ConsentChannel }) channel: ConsentChannel,
    @Context() ctx: GatewayContext,
  ): Promise<ConsentDecision> {
    await this.access.assertInScope(ctx, customerId);
    const response = await this.commands.send(
      ctx,
      'CheckConsent',
      { customerId, channel: toProtoEnum<P.ConsentChannel>('CONSENT_CHANNEL', channel) },
      { argumentName: 'args' },
    );
    return consentDecisionFromProto(response);
  }

  @Query(() => [DuplicateCandidate], {
    description: 'Customers that share an e-mail, phone, national id or external id with this one.',
  })
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER, Role.SALES_REP, Role.SERVICE_AGENT, Role.AUDITOR)
  async duplicateCandidates(
    @Args('customerId', { type: () => ID }, ParseUuidPipe) customerId: string,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | null,
    @Context() ctx: GatewayContext,
  ): Promise<DuplicateCandidate[]> {
    if (limit !== null && limit !== undefined && (limit < 1 || limit > 100)) {
      throw new BadUserInputError('Invalid input: limit must be between 1 and 100.', [
        { field: 'limit', code: 'OUT_OF_RANGE', message: 'limit must be between 1 and 100' },
      ]);
    }
    await this.access.visibleCustomer(ctx, customerId);
    const response = await this.commands.send(ctx, 'FindDuplicateCandidates', {
      customerId,
      limit: limit ?? 20,
    });
    return this.commands.visibleCandidates(
      ctx,
      (response.candidates ?? []).map(duplicateCandidateFromProto),
    );
  }

  @Query(() => ImportJob, {
    description: 'Progress and rejected rows of an import (paged by rejectedAfter).',
  })
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER, Role.MARKETER, Role.AUDITOR)
  async importStatus(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Args('rejectedFirst', { type: () => Int, nullable: true }) rejectedFirst: number | null,
    @Args('rejectedAfter', { type: () => String, nullable: true }) rejectedAfter: string | null,
    @Context() ctx: GatewayContext,
  ): Promise<ImportJob> {
    if (
      rejectedFirst !== null &&
      rejectedFirst !== undefined &&
      (rejectedFirst < 1 || rejectedFirst > 1000)
    ) {
      throw new BadUserInputError('Invalid input: rejectedFirst must be between 1 and 1000.', [
        {
          field: 'rejectedFirst',
          code: 'OUT_OF_RANGE',
          message: 'rejectedFirst must be between 1 and 1000',
        },
      ]);
    }
    if (
      rejectedAfter !== null &&
      rejectedAfter !== undefined &&
      !/^[A-Za-z0-9_=.:+/-]{1,512}$/.test(rejectedAfter)
    ) {
      throw new BadUserInputError('Invalid input: rejectedAfter is not a page token.', [
        {
          field: 'rejectedAfter',
          code: 'INVALID_FORMAT',
          message: 'rejectedAfter must be a nextRejectedPageToken',
        },
      ]);
    }
    const status = await this.commands.send(ctx, 'GetImportStatus', {
      importId: id,
      rejectedPageSize: rejectedFirst ?? 100,
      rejectedPageToken: rejectedAfter ?? '',
    });
    return importJobFromProto(status);
  }

  @Query(() => PersonalDataExport, {
    description: 'Everything held about the person (GDPR Art. 15), as one JSON document.',
  })
  @AllowRoles(Role.ADMIN, Role.AUDITOR)
  async exportPersonalData(
    @Args('customerId', { type: () => ID }, ParseUuidPipe) customerId: string,
    @Context() ctx: GatewayContext,
  ): Promise<PersonalDataExport> {
    const response = await this.commands.send(
      ctx,
      'ExportPersonalData',
      { customerId },
      { customerIds: [customerId] },
    );
    return {
      customerId: response.customerId || customerId,
      documentJson: response.documentJson ?? '{}',
      exportedAt: response.exportedAt ?? '',
    };
  }
}
