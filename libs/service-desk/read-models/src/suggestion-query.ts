// What a ticket's article suggestions rank on. At opening only the subject and tags are known; as
// the conversation goes on, the customer's latest message says best what they still need, and while
// an agent writes a reply the draft says what the agent is answering (issue 12: "suggested articles
// when a ticket is opened and when an agent replies"). The texts are personal data: they are read
// from the service for the one query and never stored.

/** The longest draft an agent may send for suggestions (a reply's own limit is larger). */
export const SUGGESTION_DRAFT_MAX_CHARS = 5_000;
/** Only the start of a long customer message is ranked on: its first lines carry the request. */
const CUSTOMER_MESSAGE_CHARS = 2_000;

export interface SuggestionSources {
  readonly subject: string;
  readonly tags: readonly string[];
  /** The conversation in time order (kind `customer`, `reply` or `note`). */
  readonly conversation?: readonly { readonly kind: string; readonly body: string }[];
  /** The reply the agent is writing. */
  readonly draft?: string | null;
}

/** The search text of a ticket's suggestions: subject, tags, latest customer message, draft. */
export function suggestionQuery(sources: SuggestionSources): string {
  const latestCustomerMessage = [...(sources.conversation ?? [])]
    .reverse()
    .find((entry) => entry.kind === 'customer');
  return [
    sources.subject,
    ...sources.tags,
    latestCustomerMessage?.body.slice(0, CUSTOMER_MESSAGE_CHARS) ?? '',
    sources.draft?.trim() ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}
