// Ready-made journeys a marketer installs in one step: each brings its e-mail template (English and
// Simplified Chinese) and a definition that sends it. Installing again changes nothing.
import type { MergeField, TemplateVersion } from '../template/merge-fields';
import { parseJourneyDefinition, type JourneyDefinition } from './journey-definition';

export const READY_MADE_JOURNEYS = ['welcome', 'thank-you', 'win-back', 'birthday'] as const;
export type ReadyMadeJourneyKind = (typeof READY_MADE_JOURNEYS)[number];

export interface ReadyMadeJourney {
  readonly journeyId: string;
  readonly name: string;
  readonly template: {
    readonly templateId: string;
    readonly name: string;
    readonly versions: readonly TemplateVersion[];
    readonly fallbacks: Readonly<Partial<Record<MergeField, string>>>;
  };
  readonly definition: JourneyDefinition;
}

const mjml = (text: string) =>
  '<mjml><mj-body><mj-section><mj-column>' +
  `<mj-text>${text}</mj-text>` +
  '<mj-text font-size="11px"><a href="{{ unsubscribeUrl }}">Unsubscribe</a></mj-text>' +
  '</mj-column></mj-section></mj-body></mjml>';

const FALLBACKS = { 'customer.firstName': 'friend' } as const;

function journey(
  kind: ReadyMadeJourneyKind,
  name: string,
  en: { subject: string; text: string },
  zh: { subject: string; text: string },
  definition: (templateId: string) => unknown,
): ReadyMadeJourney {
  const templateId = `journey-${kind}`;
  return {
    journeyId: kind,
    name,
    template: {
      templateId,
      name: `${name} (journey)`,
      versions: [
        { locale: 'en', subject: en.subject, body: mjml(en.text) },
        { locale: 'zh-CN', subject: zh.subject, body: mjml(zh.text) },
      ],
      fallbacks: FALLBACKS,
    },
    definition: parseJourneyDefinition(definition(templateId)),
  };
}

/** `timeZone`: the zone of the birthday journey for customers whose profile names none. */
export function readyMadeJourney(kind: ReadyMadeJourneyKind, timeZone = 'UTC'): ReadyMadeJourney {
  switch (kind) {
    case 'welcome':
      return journey(
        kind,
        'Welcome',
        {
          subject: 'Welcome, {{ customer.firstName }}',
          text: 'Hello {{ customer.firstName }}, welcome aboard.',
        },
        {
          subject: '欢迎，{{ customer.firstName }}',
          text: '{{ customer.firstName }}，您好，欢迎加入。',
        },
        (templateId) => ({
          trigger: { kind: 'event', eventType: 'customers.CustomerRegistered' },
          // A short wait lets the new profile gather its e-mail address and consent first.
          steps: [
            { id: 'settle', kind: 'wait', minutes: 1 },
            { id: 'welcome-mail', kind: 'send', templateId },
          ],
          reEntry: { policy: 'never' },
        }),
      );
    case 'thank-you':
      return journey(
        kind,
        'Thank you for your order',
        {
          subject: 'Thank you, {{ customer.firstName }}',
          text: 'Thank you for your order, {{ customer.firstName }}.',
        },
        {
          subject: '谢谢您，{{ customer.firstName }}',
          text: '{{ customer.firstName }}，感谢您的订购。',
        },
        (templateId) => ({
          trigger: { kind: 'event', eventType: 'sales.OrderPlaced' },
          steps: [{ id: 'thank-you-mail', kind: 'send', templateId }],
          reEntry: { policy: 'cooldown', days: 7 },
        }),
      );
    case 'win-back':
      return journey(
        kind,
        'We miss you',
        {
          subject: 'We miss you, {{ customer.firstName }}',
          text: 'It has been a while, {{ customer.firstName }}. Come and see what is new.',
        },
        {
          subject: '我们想念您，{{ customer.firstName }}',
          text: '{{ customer.firstName }}，好久不见，来看看我们的新品吧。',
        },
        (templateId) => ({
          trigger: { kind: 'event', eventType: 'loyalty.ChurnRiskRaised' },
          steps: [
            { id: 'win-back-mail', kind: 'send', templateId },
            { id: 'give-it-time', kind: 'wait', minutes: 14 * 24 * 60 },
            {
              id: 'bought-again',
              kind: 'branch',
              condition: { field: 'purchase', op: 'purchasedInDays', value: 14 },
              then: 'won-back',
              else: 'reminder-mail',
            },
            { id: 'won-back', kind: 'exit', goal: 'ordered again' },
            // Last, so that after it the enrolment completes (no goal reached).
            { id: 'reminder-mail', kind: 'send', templateId },
          ],
          reEntry: { policy: 'cooldown', days: 90 },
          exitOn: ['loyalty.ChurnRiskEased', 'sales.OrderPlaced'],
        }),
      );
    case 'birthday':
      return journey(
        kind,
        'Happy birthday',
        {
          subject: 'Happy birthday, {{ customer.firstName }}!',
          text: 'Happy birthday, {{ customer.firstName }}! A little gift is waiting for you.',
        },
        {
          subject: '生日快乐，{{ customer.firstName }}！',
          text: '{{ customer.firstName }}，生日快乐！我们为您准备了一份小礼物。',
        },
        (templateId) => ({
          trigger: { kind: 'birthday', localTime: '09:00', timeZone },
          steps: [{ id: 'birthday-mail', kind: 'send', templateId }],
          reEntry: { policy: 'afterCompletion' },
        }),
      );
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown ready-made journey ${String(unknown)}`);
    }
  }
}
