// A tenant's sending policy (docs/marketing.md#tenant-sending-caps-and-quiet-hours, ADR 0385): caps
// on how many marketing messages the tenant sends per channel in a clock hour and in a local day,
// and quiet hours in the tenant's own time zone. Neither drops a message: a send due in quiet hours
// or beyond a cap is deferred to the instant the hours end or the cap's window turns, on the durable
// timer. The policy is one stream per tenant (`marketing.SendingPolicy-<tenantId>`); what was sent
// against the caps is counted per tenant, channel and local day (`marketing.SendingAllowance-…`),
// one `SendingAllowanceUsed` per message, decided under the stream's optimistic concurrency so two
// senders cannot both take the last slot.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { localDateTime } from '../journeys/journey-birthday';
import { MarketingDomainError } from '../errors';
import type { MarketingChannel } from './channels';
import { quietHoursEnd, type QuietHours } from './send-limits';

export const SENDING_POLICY_CATEGORY = 'marketing.SendingPolicy';
export const SENDING_ALLOWANCE_CATEGORY = 'marketing.SendingAllowance';
export const sendingPolicyStreamId = (tenantId: string): string =>
  `${SENDING_POLICY_CATEGORY}-${tenantId}`;
export const sendingAllowanceStreamId = (
  tenantId: string,
  channel: MarketingChannel,
  localDay: string,
): string => `${SENDING_ALLOWANCE_CATEGORY}-${tenantId}-${channel}-${localDay}`;

/** Why a send waits: the tenant's quiet hours, or its cap per hour or per day on the channel. */
export const DEFERRAL_REASONS = [
  'QUIET_HOURS',
  'HOURLY_CAP',
  'DAILY_CAP',
  'JOURNEY_PAUSED',
] as const;
export type DeferralReason = (typeof DEFERRAL_REASONS)[number];

export interface ChannelCap {
  readonly channel: MarketingChannel;
  /** At most this many messages in a clock hour (null: no hourly cap). */
  readonly perHour: number | null;
  /** At most this many in a day of the tenant's time zone (null: no daily cap). */
  readonly perDay: number | null;
}

export interface SendingPolicy {
  /** IANA zone of the tenant: its quiet hours and its days. */
  readonly timeZone: string;
  /** `HH:MM` each; null: no quiet hours. */
  readonly quietHours: { readonly from: string; readonly to: string } | null;
  readonly caps: readonly ChannelCap[];
}

export type SendingPolicySet = DomainEvent<
  'marketing.SendingPolicySet',
  SendingPolicy & { readonly setBy: string; readonly setAt: string }
>;
export type SetSendingPolicy = {
  readonly type: 'SetSendingPolicy';
  readonly data: SendingPolicy & { readonly setBy: string; readonly now: string };
};
export type SendingPolicyState =
  { readonly status: 'None' } | ({ readonly status: 'Set' } & SendingPolicy);

/** The policy's facts in a fixed order (a stored event's keys come back in the store's order). */
const policyKey = (p: SendingPolicy): string =>
  JSON.stringify([
    p.timeZone,
    p.quietHours && [p.quietHours.from, p.quietHours.to],
    p.caps.map((c) => [c.channel, c.perHour, c.perDay]),
  ]);
const samePolicy = (a: SendingPolicy, b: SendingPolicy): boolean => policyKey(a) === policyKey(b);

export const sendingPolicyDecider: Decider<SendingPolicyState, SetSendingPolicy, SendingPolicySet> =
  {
    decide: ({ data }, state) => {
      const { timeZone, quietHours, caps, setBy, now } = data;
      const policy = { timeZone, quietHours, caps };
      if (state.status === 'Set' && samePolicy(state, policy)) return [];
      return [{ type: 'marketing.SendingPolicySet', data: { ...policy, setBy, setAt: now } }];
    },
    evolve: (_state, { data }) => ({
      status: 'Set',
      timeZone: data.timeZone,
      quietHours: data.quietHours,
      caps: data.caps,
    }),
    initialState: { status: 'None' },
  };

const minutesOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The policy's quiet hours in minutes since local midnight (send-limits' form), or undefined. */
export function policyQuietHours(policy: SendingPolicy): QuietHours | undefined {
  if (!policy.quietHours) return undefined;
  const from = minutesOf(policy.quietHours.from);
  const to = minutesOf(policy.quietHours.to);
  return from === to ? undefined : { from, to };
}

/** The cap a channel is under, when the policy sets one. */
export function capOf(policy: SendingPolicy, channel: MarketingChannel): ChannelCap | undefined {
  const cap = policy.caps.find((c) => c.channel === channel);
  return cap && (cap.perHour !== null || cap.perDay !== null) ? cap : undefined;
}

/** The windows a send at `now` counts in: its clock hour and the tenant's local day, and when each turns. */
export interface CapWindows {
  readonly localDay: string;
  readonly hourStart: string;
  readonly nextHour: string;
  readonly nextDay: string;
}

const HOUR_MS = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

export function capWindows(now: Date, timeZone: string): CapWindows {
  const hour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const local = localDateTime(now, timeZone);
  // Local midnight: the minutes left in the local day (a daylight-saving change may move it by an
  // hour, once a year; the cap then turns an hour early or late).
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  return {
    localDay: `${local.year}-${pad(local.month)}-${pad(local.day)}`,
    hourStart: new Date(hour).toISOString(),
    nextHour: new Date(hour + HOUR_MS).toISOString(),
    nextDay: new Date(minute + (1440 - local.minutes) * 60_000).toISOString(),
  };
}

/** When the tenant's quiet hours are in force at `now`, the instant they end; else null. */
export function tenantQuietUntil(policy: SendingPolicy, now: Date): string | null {
  const quiet = policyQuietHours(policy);
  return quiet ? quietHoursEnd(now, policy.timeZone, quiet) : null;
}

// --- the allowance: what was sent against the caps, per tenant, channel and local day -----------

export type SendingAllowanceUsed = DomainEvent<
  'marketing.SendingAllowanceUsed',
  {
    readonly channel: MarketingChannel;
    readonly localDay: string;
    readonly hourStart: string;
    /** The campaign or journey message the slot was taken for. */
    readonly sourceId: string;
    readonly usedAt: string;
  }
>;
export type UseSendingAllowance = {
  readonly type: 'UseSendingAllowance';
  readonly data: CapWindows & {
    readonly channel: MarketingChannel;
    readonly perHour: number | null;
    readonly perDay: number | null;
    readonly sourceId: string;
    readonly now: string;
  };
};
export interface SendingAllowanceState {
  readonly usedToday: number;
  readonly usedByHour: ReadonlyMap<string, number>;
}

/** The tenant's cap on the channel is full for now: the send waits until `until`. */
export class SendingCapReachedError extends MarketingDomainError {
  readonly code = 'SENDING_CAP_REACHED';
  constructor(
    readonly reason: Extract<DeferralReason, 'HOURLY_CAP' | 'DAILY_CAP'>,
    readonly until: string,
  ) {
    super(
      `The tenant's ${reason === 'HOURLY_CAP' ? 'hourly' : 'daily'} cap is reached until ${until}`,
    );
  }
}

export const sendingAllowanceDecider: Decider<
  SendingAllowanceState,
  UseSendingAllowance,
  SendingAllowanceUsed
> = {
  decide: ({ data }, state) => {
    const { channel, localDay, hourStart, nextHour, nextDay, perHour, perDay, sourceId, now } =
      data;
    if (perDay !== null && state.usedToday >= perDay)
      throw new SendingCapReachedError('DAILY_CAP', nextDay);
    if (perHour !== null && (state.usedByHour.get(hourStart) ?? 0) >= perHour)
      throw new SendingCapReachedError('HOURLY_CAP', nextHour);
    return [
      {
        type: 'marketing.SendingAllowanceUsed',
        data: { channel, localDay, hourStart, sourceId, usedAt: now },
      },
    ];
  },
  evolve: (state, { data }) => ({
    usedToday: state.usedToday + 1,
    usedByHour: new Map(state.usedByHour).set(
      data.hourStart,
      (state.usedByHour.get(data.hourStart) ?? 0) + 1,
    ),
  }),
  initialState: { usedToday: 0, usedByHour: new Map() },
};
