// The public ends of a marketing mail's tracking (docs/marketing.md#open-and-click-tracking):
// GET /marketing/track/open?token=… (the 1×1 pixel at the end of the mail) and
// GET /marketing/track/click?token=… (every web link of the mail, redirected). Anonymous: the signed
// token is the authority, verified by services/marketing, which records the engagement once and
// answers the link's own address, so the redirect only ever goes where the template pointed.
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { type ServerResponse } from 'node:http';
import { AllowAnonymous } from '../authz/allow.decorator';
import { MARKETING_CLIENT, type MarketingClient } from './marketing.ports';
import { callWithSignedLink } from './signed-link-call';

/** The identity the tracking links act under: the recipient's mail client, not a signed-in user. */
export const TRACKING_LINK_USER = 'marketing-tracking-link';

/** The smallest transparent GIF (1×1). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const REFUSED = {
  invalid: [400, 'This link is not valid.'],
  unavailable: [503, 'Please try again in a moment.'],
} as const;

@Controller('marketing/track')
@AllowAnonymous()
export class MarketingTrackingController {
  constructor(@Inject(MARKETING_CLIENT) private readonly client: MarketingClient) {}

  @Get('open')
  async open(@Query('token') token: unknown, @Res() res: ServerResponse): Promise<void> {
    const outcome = await this.track('opened', token);
    if (outcome.kind !== 'done') return refuse(res, outcome.kind);
    res.statusCode = 200;
    res.setHeader('content-type', 'image/gif');
    // Every display of the mail asks again (the service records the first open only).
    res.setHeader('cache-control', 'no-store');
    res.end(PIXEL);
  }

  @Get('click')
  async click(@Query('token') token: unknown, @Res() res: ServerResponse): Promise<void> {
    const outcome = await this.track('clicked', token);
    if (outcome.kind !== 'done' || !/^https?:\/\//.test(outcome.result.url))
      return refuse(res, outcome.kind === 'done' ? 'invalid' : outcome.kind);
    res.statusCode = 302;
    res.setHeader('location', outcome.result.url);
    res.setHeader('cache-control', 'no-store');
    res.end();
  }

  private track(engagement: 'opened' | 'clicked', token: unknown) {
    return callWithSignedLink<{ url: string; recorded: boolean }>(
      this.client,
      'TrackEngagement',
      TRACKING_LINK_USER,
      token,
      { engagement },
      'INVALID_TRACKING_TOKEN',
    );
  }
}

function refuse(res: ServerResponse, outcome: keyof typeof REFUSED): void {
  const [status, text] = REFUSED[outcome];
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text);
}
