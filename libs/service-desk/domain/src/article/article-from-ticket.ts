// The draft article a solved ticket gives: its subject as the title, the customer's first message
// as the question and the agents' public replies as the answer, with the customer's personal data
// stripped (personal-data-stripping.ts). Internal notes stay out: they were never meant for
// customers. It is a draft for an agent to edit and a lead to publish, never published as is.
import { SERVICE_DESK_LIMITS } from '../service-desk.limits';
import { stripPersonalData, type KnownPersonalData } from './personal-data-stripping';

export interface TicketForArticle {
  readonly subject: string;
  readonly tags: readonly string[];
  /** In time order; kind `customer`, `reply` (public) or `note` (internal). */
  readonly conversation: readonly { readonly kind: string; readonly body: string }[];
}

export interface ArticleDraft {
  readonly title: string;
  readonly body: string;
  readonly tags: string[];
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** The draft of `ticket`, or undefined when it holds no public reply to turn into an answer. */
export function articleDraftFromTicket(
  ticket: TicketForArticle,
  known: KnownPersonalData,
  title?: string,
): ArticleDraft | undefined {
  const question = ticket.conversation.find((entry) => entry.kind === 'customer');
  const answers = ticket.conversation.filter((entry) => entry.kind === 'reply');
  if (answers.length === 0) return undefined;
  const strip = (text: string) => stripPersonalData(text.trim(), known);
  const body = [
    ...(question ? ['## Question', strip(question.body)] : []),
    '## Answer',
    ...answers.map((answer) => strip(answer.body)),
  ].join('\n\n');
  return {
    title: clip(strip(title?.trim() || ticket.subject), SERVICE_DESK_LIMITS.articleTitle),
    body: clip(body, SERVICE_DESK_LIMITS.articleBody),
    tags: [...ticket.tags],
  };
}
