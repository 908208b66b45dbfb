// Parser of SetSendingPolicy: the generated proto request in, the domain's policy out, or every field
// violation at once (`timeZone`, `caps[i].perHour`, …); nothing is written on a violation.
import type * as P from '@crm/contracts/marketing-grpc';
import {
  MARKETING_CHANNELS,
  isTimeZone,
  type ChannelCap,
  type MarketingChannel,
  type SendingPolicy,
} from '@crm/marketing-domain';
import { parseRequest, type RequestReader } from '../grpc/request-reading';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A cap above this is a typo, not a policy (the allowance stream counts every message). */
export const MAX_SENDING_CAP = 10_000_000;

function readCaps(r: RequestReader, caps: readonly P.ChannelSendingCap__Output[]): ChannelCap[] {
  const seen = new Set<string>();
  const read: ChannelCap[] = [];
  caps.forEach((cap, i) => {
    const field = `caps[${i}]`;
    const channel = cap.channel.trim().toLowerCase();
    if (!(MARKETING_CHANNELS as readonly string[]).includes(channel))
      r.add(`${field}.channel`, 'INVALID_VALUE', `must be one of ${MARKETING_CHANNELS.join(', ')}`);
    else if (seen.has(channel)) r.add(`${field}.channel`, 'DUPLICATE', 'one cap per channel');
    seen.add(channel);
    for (const key of ['perHour', 'perDay'] as const)
      if (cap[key] > MAX_SENDING_CAP)
        r.add(`${field}.${key}`, 'OUT_OF_RANGE', `must be at most ${MAX_SENDING_CAP}`);
    if (cap.perHour === 0 && cap.perDay === 0)
      r.add(
        field,
        'REQUIRED',
        'perHour or perDay must be above 0 (leave the channel out for none)',
      );
    read.push({
      channel: channel as MarketingChannel,
      perHour: cap.perHour || null,
      perDay: cap.perDay || null,
    });
  });
  return read;
}

export function parseSetSendingPolicy(req: P.SetSendingPolicyRequest__Output): SendingPolicy {
  return parseRequest((r) => {
    const policy = req.policy;
    const timeZone = r.requiredText('timeZone', policy?.timeZone, 64);
    if (timeZone && !isTimeZone(timeZone))
      r.add('timeZone', 'INVALID_VALUE', 'must be an IANA time zone, e.g. Europe/Berlin');
    const from = (policy?.quietFrom ?? '').trim();
    const to = (policy?.quietTo ?? '').trim();
    for (const [field, value] of [
      ['quietFrom', from],
      ['quietTo', to],
    ] as const)
      if (value && !HHMM.test(value)) r.add(field, 'INVALID_FORMAT', 'must be HH:MM (00:00–23:59)');
    if (Boolean(from) !== Boolean(to))
      r.add(from ? 'quietTo' : 'quietFrom', 'REQUIRED', 'quiet hours need both ends');
    else if (from && from === to) r.add('quietTo', 'INVALID_VALUE', 'must differ from quietFrom');
    const caps = readCaps(r, policy?.caps ?? []);
    return { timeZone, quietHours: from && to ? { from, to } : null, caps };
  });
}
