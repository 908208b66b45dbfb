// The automatic reply to inbound mail: when a ticket opens from an e-mail in a configured category
// (ticket type), the requester gets, within seconds, an acknowledgement carrying the best public
// knowledge-base articles for their subject and text (ranked by the in-memory index of the
// service's published articles), threaded with their mail. No article matching: no automatic mail
// (an acknowledgement without help is noise). The mail's Message-ID derives from the opening event,
// so a resend after a crash is the same message, and an answer to it threads back to the ticket.
// It does not meet the first-response milestone: only a person's public reply does. ADR 0290.
// Once the mail is out the ticket records `AutoReplySent` (the articles and the Message-ID, once per
// ticket), from which the knowledge base counts what it answered and what it solved (ADR 0317). A
// crash between the two sends the same mail again (same Message-ID) and records it once.
import { Role, systemCaller } from '@crm/access-policy';
import type { EventStore } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { ArticleSuggestion } from '@crm/service-desk-read-models';
import type { TicketType } from '@crm/service-desk-domain';
import type { Transporter } from 'nodemailer';
import {
  ArticleIndexBehindError,
  type ArticleIndexFollower,
} from '../knowledge-base/article-index-follower';
import type { ServiceDeskApplication } from '../application/service-desk.application';
import { replyMessageId } from './mail-threading';

export const AUTO_REPLY_MAILER = 'service-desk.auto-reply-mailer';

export interface AutoReplySettings {
  readonly supportAddress: string;
  /** Ticket types whose inbound mail is answered automatically. */
  readonly types: readonly TicketType[];
  /** The knowledge-base locale the suggestions are taken from. */
  readonly locale: string;
  readonly maxArticles: number;
}

interface TicketOpenedData {
  readonly ticketId: string;
  readonly channel: string;
  readonly subject: string;
  readonly body: string;
  readonly requesterEmail?: string;
  readonly type: TicketType;
  readonly mail?: { readonly messageId: string; readonly references?: readonly string[] };
}

const EXCERPT_LENGTH = 400;

/** The text of the automatic reply: the ticket reference, then each article with an excerpt. */
export function autoReplyText(ticketId: string, suggestions: readonly ArticleSuggestion[]): string {
  const articles = suggestions.map(({ article }, i) => {
    const excerpt =
      article.body.length > EXCERPT_LENGTH
        ? `${article.body.slice(0, EXCERPT_LENGTH).trimEnd()}…`
        : article.body;
    return `${i + 1}. ${article.title}\n\n${excerpt}`;
  });
  return [
    `We have received your request (ticket ${ticketId}); an agent will answer you soon.`,
    'In the meantime, these articles may already help:',
    ...articles,
    'Reply to this mail to add anything to your request.',
  ].join('\n\n');
}

/**
 * `store` decrypts personal fields: the opening event's text and address are read from the ticket's
 * stream through it.
 */
export function autoReplyMailer(
  store: EventStore,
  tickets: ServiceDeskApplication,
  articles: ArticleIndexFollower,
  transport: Transporter,
  settings: AutoReplySettings,
): ReactorDefinition {
  const domain = settings.supportAddress.split('@')[1] ?? 'localhost';
  return {
    name: AUTO_REPLY_MAILER,
    eventTypes: ['service-desk.TicketOpened'],
    isTransient: (error) => error instanceof ArticleIndexBehindError,
    async react(event, reaction) {
      const published = event.data as TicketOpenedData;
      if (published.channel !== 'email' || !settings.types.includes(published.type)) return;
      const { events } = await store.readStream(event.streamId, {
        fromVersion: event.streamVersion,
        maxCount: 1,
        tenantId: event.tenantId,
      });
      const opened = events[0]?.data as TicketOpenedData;
      if (!opened.requesterEmail) return;
      // Articles published before the mail arrived are suggested, even right after a restart.
      await articles.caughtUpTo(event.globalPosition);
      const suggestions = articles.index.suggest(
        event.tenantId,
        `${opened.subject} ${opened.body}`,
        { locale: settings.locale, publicOnly: true, limit: settings.maxArticles },
      );
      if (suggestions.length === 0) return;
      const thread = opened.mail ? [...(opened.mail.references ?? []), opened.mail.messageId] : [];
      const messageId = replyMessageId(opened.ticketId, event.eventId, domain);
      await transport.sendMail({
        from: settings.supportAddress,
        to: opened.requesterEmail,
        subject: opened.subject.startsWith('Re:') ? opened.subject : `Re: ${opened.subject}`,
        text: autoReplyText(opened.ticketId, suggestions),
        messageId,
        headers: { 'Auto-Submitted': 'auto-replied' },
        ...(thread.length > 0 && { inReplyTo: thread[thread.length - 1], references: thread }),
      });
      const articleRefs = suggestions.map(({ article }) => ({
        articleId: article.articleId,
        locale: article.locale,
      }));
      await tickets.execute(
        {
          caller: systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]),
          tenantId: reaction.tenantId,
          correlationId: reaction.correlationId,
          idempotencyKey: reaction.idempotencyKey,
        },
        opened.ticketId,
        {
          rpc: 'RecordAutoReply',
          fields: { articles: articleRefs, messageId },
          build: (_state, at) => ({
            type: 'RecordAutoReply',
            data: { ticketId: opened.ticketId, at, articles: articleRefs, messageId },
          }),
        },
      );
    },
  };
}
