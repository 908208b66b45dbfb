// The public end of a campaign mail's unsubscribe link: GET (a click) or POST (one-click, RFC 8058)
// /marketing/unsubscribe?token=…. Anonymous: the signed token is the authority, verified by
// services/marketing (the gateway only reads which tenant it names, to address the call). The
// answer is a small page that reveals nothing about the customer.
import { Role } from '@crm/access-policy';
import { Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { AllowAnonymous } from '../authz/allow.decorator';
import { ContextCallError } from '../grpc/context-grpc.client';
import { MARKETING_CLIENT, type MarketingClient } from './marketing.ports';

/** The identity the link acts under: the recipient, through the link, not a signed-in user. */
export const UNSUBSCRIBE_LINK_USER = 'marketing-unsubscribe-link';

function tenantOf(token: string): string | undefined {
  try {
    const claims: unknown = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
    );
    return Array.isArray(claims) && typeof claims[0] === 'string' ? claims[0] : undefined;
  } catch {
    return undefined;
  }
}

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
    const tenantId =
      typeof token === 'string' && token.length <= 2000 ? tenantOf(token) : undefined;
    let outcome: 'done' | 'invalid' | 'unavailable' = 'invalid';
    if (tenantId !== undefined) {
      try {
        await this.client.call(
          'Unsubscribe',
          {
            principal: {
              userId: UNSUBSCRIBE_LINK_USER,
              email: '',
              tenantId,
              roles: [Role.MARKETER],
              teamId: null,
            },
            correlationId: randomUUID(),
          },
          { token },
        );
        outcome = 'done';
      } catch (error) {
        // A refused link is the visitor's problem; anything else (service down) is ours: retry later.
        const code = error instanceof ContextCallError ? error.detail?.code : undefined;
        outcome =
          code === 'INVALID_UNSUBSCRIBE_TOKEN' || code === 'VALIDATION_FAILED'
            ? 'invalid'
            : 'unavailable';
      }
    }
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
