// A referral code is claimed once, in a stream of its own (`loyalty.ReferralCode-<code>`): the
// store's optimistic concurrency makes the code unique across members without any index, and
// reading the stream resolves a code to its member.
import type { Decider } from '@crm/event-sourcing';
import { ReferralCodeTakenError } from '../errors';

export const REFERRAL_CODE_CATEGORY = 'loyalty.ReferralCode';

export function referralCodeStreamId(code: string): string {
  return `${REFERRAL_CODE_CATEGORY}-${code}`;
}

/** Unambiguous characters only (no 0/O, 1/I/L): codes are read out and typed in at the counter. */
export const REFERRAL_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const REFERRAL_CODE_LENGTH = 8;
export const REFERRAL_CODE_PATTERN = new RegExp(
  `^[${REFERRAL_CODE_ALPHABET}]{${REFERRAL_CODE_LENGTH}}$`,
);

/** A code from random bytes (the service's randomness; the domain has none). */
export function referralCodeFrom(bytes: Uint8Array): string {
  let code = '';
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i += 1) {
    code += REFERRAL_CODE_ALPHABET[(bytes[i] ?? 0) % REFERRAL_CODE_ALPHABET.length];
  }
  return code;
}

export type ReferralCodeEvent = {
  readonly type: 'loyalty.ReferralCodeClaimed';
  readonly data: { readonly code: string; readonly memberId: string; readonly claimedAt: string };
};

export type ReferralCodeCommand = {
  readonly type: 'ClaimReferralCode';
  readonly data: { readonly code: string; readonly memberId: string; readonly at: string };
};

export type ReferralCodeState =
  { readonly status: 'free' } | { readonly status: 'claimed'; readonly memberId: string };

export const referralCodeDecider: Decider<
  ReferralCodeState,
  ReferralCodeCommand,
  ReferralCodeEvent
> = {
  initialState: { status: 'free' },
  decide(command, state) {
    if (state.status === 'claimed') {
      // Claiming one's own code again changes nothing (a retried issue).
      if (state.memberId === command.data.memberId) return [];
      throw new ReferralCodeTakenError(command.data.code);
    }
    return [
      {
        type: 'loyalty.ReferralCodeClaimed',
        data: {
          code: command.data.code,
          memberId: command.data.memberId,
          claimedAt: command.data.at,
        },
      },
    ];
  },
  evolve(_state, event) {
    return { status: 'claimed', memberId: event.data.memberId };
  },
};
