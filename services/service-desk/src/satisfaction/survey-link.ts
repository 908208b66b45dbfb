// The signed token of a satisfaction survey link: an HS256 JWT (jose) naming the tenant, the ticket
// and the resolution it asks about, valid for a configured number of days. The customer who clicks
// has no account, so the link itself is the authority: the service signs it when it mails the
// survey and verifies it when the answer arrives (the gateway's answer page only relays it).
import { SignJWT, jwtVerify } from 'jose';
import { SurveyInvalidError } from '@crm/service-desk-domain';

const ISSUER = 'crm.service-desk';
const AUDIENCE = 'crm.service-desk.csat';

export interface SurveyClaims {
  readonly tenantId: string;
  readonly ticketId: string;
  /** The ISO instant of the resolution the survey asks about. */
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
      .setAudience(AUDIENCE)
      .setSubject(claims.ticketId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.validDays * 86_400)
      .sign(this.key);
  }

  /** The claims of a genuine, unexpired token; SURVEY_INVALID otherwise (never says which check failed). */
  async verify(token: string): Promise<SurveyClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.now(),
      });
      const { tid, sid, sub } = payload;
      if (typeof tid !== 'string' || typeof sid !== 'string' || typeof sub !== 'string')
        throw new Error('claims missing');
      return { tenantId: tid, ticketId: sub, surveyId: sid };
    } catch {
      throw new SurveyInvalidError('forged, altered or expired');
    }
  }
}
