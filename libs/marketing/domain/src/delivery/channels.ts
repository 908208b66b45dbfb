// The channels a marketing message goes out on (docs/marketing.md#channels). E-mail goes over SMTP;
// SMS, app push and social messages go through a channel port a real provider's adapter implements.
// Each channel has its own consent and its own address on the customer's profile.
export const MARKETING_CHANNELS = ['email', 'sms', 'push', 'social'] as const;
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number];

/** Channels whose message is a short text (the template's subject line, rendered), not a mail. */
export type TextChannel = Exclude<MarketingChannel, 'email'>;
