// A tenant's RFM model for one currency (stream `marketing.RfmModel-<tenantId>-<CUR>`): the cut-offs
// customers' scores are derived from. The nightly run proposes quintiles; a marketer may configure
// cut-offs instead, which the nightly run then leaves alone. Setting the same cut-offs again records
// nothing, so a repeated nightly run changes nothing.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { MarketingDomainError } from '../errors';
import { validCutOffs, type RfmCutOffs } from './rfm';

export const RFM_MODEL_CATEGORY = 'marketing.RfmModel';
export const rfmModelStreamId = (tenantId: string, currency: string): string =>
  `${RFM_MODEL_CATEGORY}-${tenantId}-${currency}`;

export type RfmCutOffsSource = 'quintiles' | 'configured';

export type RfmCutOffsSet = DomainEvent<
  'marketing.RfmCutOffsSet',
  RfmCutOffs & {
    readonly currency: string;
    readonly source: RfmCutOffsSource;
    readonly setAt: string;
  }
>;
export type RfmModelEvent = RfmCutOffsSet;

export type SetRfmCutOffs = {
  readonly type: 'SetRfmCutOffs';
  readonly data: RfmCutOffs & {
    readonly currency: string;
    readonly source: RfmCutOffsSource;
    readonly now: string;
  };
};
export type RfmModelCommand = SetRfmCutOffs;

export type RfmModelState =
  | { readonly status: 'None' }
  | { readonly status: 'Set'; readonly source: RfmCutOffsSource; readonly cutOffs: RfmCutOffs };

/** Cut-offs that are not four non-decreasing, non-negative numbers per dimension. */
export class InvalidRfmCutOffsError extends MarketingDomainError {
  readonly code = 'INVALID_RFM_CUT_OFFS';
  constructor(readonly dimension: string) {
    super(`${dimension} needs four non-negative, non-decreasing cut-offs`);
  }
}

const same = (a: RfmCutOffs, b: RfmCutOffs): boolean =>
  JSON.stringify([a.recencyDays, a.frequency, a.monetaryMinor]) ===
  JSON.stringify([b.recencyDays, b.frequency, b.monetaryMinor]);

export const rfmModelDecider: Decider<RfmModelState, RfmModelCommand, RfmModelEvent> = {
  decide: ({ data }, state) => {
    const { currency, source, now, recencyDays, frequency, monetaryMinor } = data;
    const cutOffs = { recencyDays, frequency, monetaryMinor };
    for (const [dimension, values] of Object.entries(cutOffs))
      if (!validCutOffs(values)) throw new InvalidRfmCutOffsError(dimension);
    if (state.status === 'Set') {
      // Configured cut-offs stay until a marketer changes them; the nightly run only proposes.
      if (state.source === 'configured' && source === 'quintiles') return [];
      if (state.source === source && same(state.cutOffs, cutOffs)) return [];
    }
    return [
      {
        type: 'marketing.RfmCutOffsSet',
        data: { currency, source, ...cutOffs, setAt: now },
      },
    ];
  },
  evolve: (_state, { data }) => ({
    status: 'Set',
    source: data.source,
    cutOffs: {
      recencyDays: data.recencyDays,
      frequency: data.frequency,
      monetaryMinor: data.monetaryMinor,
    },
  }),
  initialState: { status: 'None' },
};
