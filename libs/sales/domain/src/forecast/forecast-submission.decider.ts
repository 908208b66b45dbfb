// Forecast submissions (stream `sales.Forecast-<forecastId>`, one per tenant, period and owner):
// the owner's call for the period and the manager's adjustment, each with a note; every submission
// and adjustment is an event, so the weekly history stays. Amounts in minor units inside.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { InvalidTransitionError, OrderMismatchError } from '../errors';
import { formatMinorUnits } from '../values/money';

export type SubmitForecast = {
  readonly type: 'SubmitForecast';
  readonly data: {
    readonly forecastId: string;
    readonly period: string;
    readonly ownerId: string;
    readonly teamId: string | null;
    readonly currency: string;
    readonly amountMinor: number;
    readonly note?: string;
    readonly now: string;
  };
};
export type AdjustForecast = {
  readonly type: 'AdjustForecast';
  readonly data: {
    readonly forecastId: string;
    readonly currency: string;
    readonly amountMinor: number;
    readonly note: string;
    readonly adjustedBy: string;
    readonly now: string;
  };
};
export type ForecastCommand = SubmitForecast | AdjustForecast;

export type ForecastSubmitted = DomainEvent<
  'sales.ForecastSubmitted',
  {
    readonly forecastId: string;
    readonly period: string;
    readonly ownerId: string;
    readonly teamId: string | null;
    readonly currency: string;
    readonly amount: string;
    readonly note?: string;
    readonly submittedAt: string;
  }
>;
export type ForecastAdjusted = DomainEvent<
  'sales.ForecastAdjusted',
  {
    readonly forecastId: string;
    readonly amount: string;
    readonly note: string;
    readonly adjustedBy: string;
    readonly adjustedAt: string;
  }
>;
export type ForecastEvent = ForecastSubmitted | ForecastAdjusted;

export type ForecastState =
  | { readonly status: 'None' }
  | {
      readonly status: 'Submitted';
      readonly forecastId: string;
      readonly ownerId: string;
      readonly teamId: string | null;
      readonly currency: string;
    };

function decide(command: ForecastCommand, state: ForecastState): readonly ForecastEvent[] {
  switch (command.type) {
    case 'SubmitForecast': {
      const { amountMinor, now, note, ...data } = command.data;
      if (state.status === 'Submitted' && state.currency !== data.currency) {
        throw new OrderMismatchError(`Forecast ${data.forecastId} is in ${state.currency}`);
      }
      return [
        {
          type: 'sales.ForecastSubmitted',
          data: {
            ...data,
            amount: formatMinorUnits(amountMinor),
            ...(note === undefined ? {} : { note }),
            submittedAt: now,
          },
        },
      ];
    }
    case 'AdjustForecast': {
      const { forecastId, currency, amountMinor, note, adjustedBy, now } = command.data;
      if (state.status === 'None') {
        throw new InvalidTransitionError('forecast', 'not submitted', 'adjusted');
      }
      if (state.currency !== currency) {
        throw new OrderMismatchError(`Forecast ${forecastId} is in ${state.currency}`);
      }
      return [
        {
          type: 'sales.ForecastAdjusted',
          data: {
            forecastId,
            amount: formatMinorUnits(amountMinor),
            note,
            adjustedBy,
            adjustedAt: now,
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown forecast command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: ForecastState, event: ForecastEvent): ForecastState {
  switch (event.type) {
    case 'sales.ForecastSubmitted': {
      const { forecastId, ownerId, teamId, currency } = event.data;
      return { status: 'Submitted', forecastId, ownerId, teamId, currency };
    }
    case 'sales.ForecastAdjusted':
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown forecast event ${JSON.stringify(unknown)}`);
    }
  }
}

export const forecastDecider: Decider<ForecastState, ForecastCommand, ForecastEvent> = {
  decide,
  evolve,
  initialState: { status: 'None' },
};
