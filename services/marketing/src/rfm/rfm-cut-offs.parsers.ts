// Parser of SetRfmCutOffs: the generated proto request in, a marketer's configured cut-offs out, or
// every field violation at once (`currency`, `recencyDays`, …); nothing is written on a violation.
import type * as P from '@crm/contracts/marketing-grpc';
import { validCutOffs, type RfmCutOffs } from '@crm/marketing-domain';
import { parseRequest } from '../grpc/request-reading';

const CURRENCY = /^[A-Z]{3}$/;

export function parseSetRfmCutOffs(
  req: P.SetRfmCutOffsRequest__Output,
): RfmCutOffs & { readonly currency: string } {
  return parseRequest((r) => {
    const currency = req.currency.trim();
    if (!CURRENCY.test(currency)) r.add('currency', 'INVALID_FORMAT', 'must be an ISO 4217 code');
    const cutOffs: RfmCutOffs = {
      recencyDays: req.recencyDays,
      frequency: req.frequency,
      monetaryMinor: req.monetaryMinor,
    };
    for (const [dimension, values] of Object.entries(cutOffs))
      if (!validCutOffs(values as readonly number[]))
        r.add(
          dimension,
          'INVALID_RFM_CUT_OFFS',
          'needs four non-negative, non-decreasing numbers (the upper edges of the lower fifths)',
        );
    return { currency, ...cutOffs };
  });
}
