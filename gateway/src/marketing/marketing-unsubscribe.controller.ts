// The public end of a campaign mail's unsubscribe link: GET (a click) or POST (one-click, RFC 8058)
// /marketing/unsubscribe?token=…. Anonymous: the signed token is the authority, verified by
// services/marketing (the gateway only reads which tenant it names, to address the call). The
// answer is a small page that reveals nothing about the customer.
import { Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { type ServerResponse } from 'node:http';
import { AllowAnonymous } from '../authz/allow.decorator';
import { MARKETING_CLIENT, type MarketingClient } from './marketing.ports';
import { callWithSignedLink } from './signed-link-call';

/** The identity the link acts under: the recipient, through the link, not a signed-in user. */
export const UNSUBSCRIBE_LINK_USER = 'marketing-unsubscribe-link';

const page = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1><p>${text}</p></body></html>`;

@Controller('marketing')
@AllowAnonymous()
export class MarketingUnsubscribeController {
  constructor(@Inject(MARKETING_CLIENT) private readonly client: MarketingClient) {}

  @Get('unsubscribe')
  @HttpCode(200)
  click(@Query('token') token: unknown, @Res() res: ServerResponse): Promise<void> {
    return this.unsubscribe(token, res);
  }

  @Post('unsubscribe')
  @HttpCode(200)
  oneClick(@Query('token') token: unknown, @Res() res: ServerResponse): Promise<void> {
    return this.unsubscribe(token, res);
  }

  private async unsubscribe(token: unknown, res: ServerResponse): Promise<void> {
    const outcome = (
      await callWithSignedLink(
        this.client,
        'Unsubscribe',
        UNSUBSCRIBE_LINK_USER,
        token,
        {},
        'INVALID_UNSUBSCRIBE_TOKEN',
      )
    ).kind;
    const [status, title, text] = {
      done: [200, 'Unsubscribed', 'You will receive no more marketing e-mail from us.'],
      invalid: [400, 'Link not valid', 'This unsubscribe link is not valid.'],
      unavailable: [503, 'Please try again', 'We could not record your request just now.'],
    }[outcome] as [number, string, string];
    res.statusCode = status;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page(title, text));
  }
}
