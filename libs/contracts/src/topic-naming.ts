// Topic names are part of the public contract: `crm.<context>.events`, one topic per bounded
// context, where the context is the prefix of the event type. A namespace prefix exists so tests
// (and a second platform on the same cluster) get their own topics without another naming scheme.
import { CONTEXT_PATTERN } from './envelope-contract.schema';

export const TOPIC_PREFIX = 'crm.';
export const TOPIC_SUFFIX = '.events';

/** `customers.CustomerRegistered` → `customers`. */
export function contextOfEventType(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}

/** `customers` → `crm.customers.events` (or `<namespace>crm.customers.events`). */
export function topicForContext(context: string, namespace = ''): string {
  if (!CONTEXT_PATTERN.test(context))
    throw new Error(`Invalid bounded context name ${JSON.stringify(context)}`);
  return `${namespace}${TOPIC_PREFIX}${context}${TOPIC_SUFFIX}`;
}

export function topicForEventType(type: string, namespace = ''): string {
  return topicForContext(contextOfEventType(type), namespace);
}
