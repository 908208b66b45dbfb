// Values an order is made of.

/** The channels sales.OrderPlaced v1 accepts (its contract test keeps the two lists equal). */
export const ORDER_CHANNELS = [
  'online_store',
  'offline_store',
  'web_form',
  'social',
  'event',
  'import',
] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

export interface OrderLine {
  readonly sku?: string;
  readonly name?: string;
  readonly category: string;
  /** A positive integer. */
  readonly quantity: number;
  /** Non-negative, minor units. */
  readonly unitPriceMinor: number;
}
