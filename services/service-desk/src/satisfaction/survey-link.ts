// The signed token of a satisfaction survey link: an HS256 JWT (jose) naming the survey kind (its
// audience: a CSAT token is no NPS token), the tenant, the subject (the ticket of a CSAT survey, the
// customer of an NPS survey) and the survey, valid for a configured number of days. The customer who clicks
// has no account, so the link itself is the authority: the service signs it when it mails the
// survey and verifies it when the answer arrives (the gateway's answer page only relays it).
import { SignJWT, jwtVerify } from 'jose';
import { SurveyInvalidError } from '@crm/service-desk-domain';

const ISSUER = 'crm.service-desk';
export type SurveyKind = 'csat' | 'nps';
const audienceOf = (kind: SurveyKind) => `crm.service-desk.${kind}`;

export interface SurveyClaims {
  readonly kind: SurveyKind;
  readonly tenantId: string;
  /** The ticket (CSAT) or the customer (NPS). */
  readonly subjectId: string;
  /** The ISO instant of the resolution (CSAT) or of the sending (NPS) the survey asks about. */
  readonly surveyId: string;
}

export class SurveyLinks {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly validDays: number,
    private readonly now: () => Date,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(claims: SurveyClaims): Promise<string> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ tid: claims.tenantId, sid: claims.surveyId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(audienceOf(claims.kind))
      .setSubject(claims.subjectId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.validDays * 86_400)
      .sign(this.key);
  }

  /** The claims of a genuine, unexpired token; SURVEY_INVALID otherwise (never says which check failed). */
  async verify(token: string, kind: SurveyKind): Promise<SurveyClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: audienceOf(kind),
        algorithms: ['HS256'],
        currentDate: this.now(),
      });
      const { tid, sid, sub } = payload;
      if (typeof tid !== 'string' || typeof sid !== 'string' || typeof sub !== 'string')
        throw new Error('claims missing');
      return { kind, tenantId: tid, subjectId: sub, surveyId: sid };
    } catch {
      throw new SurveyInvalidError('forged, altered or expired');
    }
  }
}

/** One link per score to the answer page of `kind` (`<base>/<kind>?token=…&score=n`). */
export function surveyAnswerLinks(
  base: string,
  kind: SurveyKind,
  token: string,
  scores: readonly number[],
): { readonly score: number; readonly href: string }[] {
  return scores.map((score) => {
    const url = new URL(`${base.replace(/\/$/, '')}/${kind}`);
    url.searchParams.set('token', token);
    url.searchParams.set('score', String(score));
    return { score, href: url.toString() };
  });
}
