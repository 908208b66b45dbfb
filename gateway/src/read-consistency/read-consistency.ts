// Read your own writes at the API: a mutation answers with `result.position` (the event store's
// global position of its events); a query given `atLeastPosition` answers only once every read
// model it reads has applied that position, waiting at most CRM_GATEWAY_READ_WAIT_MS, then fails
// with STALE_READ (retryable) naming the position reached. The waiting itself (one shared
// checkpoint poll per projection) is @crm/read-models' AppliedPositionWatcher.
import { Inject, Injectable } from '@nestjs/common';
import { Args } from '@nestjs/graphql';
import { StaleReadError } from '@crm/read-models';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { BadUserInputError, ClientError, ErrorCode } from '../graphql/gateway-errors';

/** Waits until a projection's serving read model has applied a global position. */
export interface ReadPositions {
  /** Resolves with the applied position; rejects with StaleReadError after `timeoutMs`. */
  waitFor(projection: string, position: number, timeoutMs: number): Promise<number>;
}

export const READ_POSITIONS = Symbol('READ_POSITIONS');

export const AT_LEAST_POSITION_ARG = 'atLeastPosition';
export const AT_LEAST_POSITION_DESCRIPTION =
  "Read your own writes: answer only once the data reflects this global position (a mutation's `result.position`). Waits a few seconds at most, then fails with STALE_READ.";

/**
 * Decimal digits, at most 15 (always a safe integer): positions are int64 in the store, and 10^15
 * events is beyond any store this platform runs.
 */
export const READ_POSITION_RULE = /^(0|[1-9]\d{0,14})$/;
export const READ_POSITION_MESSAGE = `${AT_LEAST_POSITION_ARG} must be the decimal position returned by a mutation (result.position)`;

/** The validated position, or undefined when the argument was not given. */
export function parseReadPosition(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!READ_POSITION_RULE.test(raw)) {
    throw new BadUserInputError(`Invalid input: ${READ_POSITION_MESSAGE}.`, [
      { field: AT_LEAST_POSITION_ARG, code: 'INVALID_FORMAT', message: READ_POSITION_MESSAGE },
    ]);
  }
  return Number(raw);
}

/** The read model did not reflect the requested position in time; retry, or read without it. */
export class StaleReadClientError extends ClientError {
  constructor(error: StaleReadError) {
    super(
      `The data has not caught up with position ${error.requestedPosition} yet (it reflects position ${error.reachedPosition}); try again in a moment.`,
      ErrorCode.STALE_READ,
      {
        retryable: true,
        requestedPosition: String(error.requestedPosition),
        reachedPosition: String(error.reachedPosition),
        readModel: error.projection,
        waitedMs: error.waitedMs,
      },
    );
  }
}

@Injectable()
export class ReadConsistency {
  constructor(
    @Inject(READ_POSITIONS) private readonly positions: ReadPositions,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Returns once every projection has applied `atLeastPosition` (no wait when it is absent). */
  async atLeast(
    atLeastPosition: string | null | undefined,
    projections: readonly string[],
  ): Promise<void> {
    const position = parseReadPosition(atLeastPosition);
    if (position === undefined || position === 0) return;
    try {
      await Promise.all(
        projections.map((p) => this.positions.waitFor(p, position, this.config.readWaitMs)),
      );
    } catch (error) {
      if (error instanceof StaleReadError) throw new StaleReadClientError(error);
      throw error;
    }
  }
}

/** The optional `atLeastPosition` argument of a query that reads read models. */
export const atLeastPositionArg = () =>
  Args(AT_LEAST_POSITION_ARG, {
    type: () => String,
    nullable: true,
    description: AT_LEAST_POSITION_DESCRIPTION,
  });
