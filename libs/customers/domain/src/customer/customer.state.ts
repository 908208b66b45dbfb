// State of the Customer aggregate: a tagged union, so an unregistered customer has no profile and a
// closed (merged or erased) customer cannot be mistaken for an open one.
import type { CustomFieldValue } from '../custom-fields/custom-field-definitions.types';
import type { BankCard } from '../values/bank-card';
import type { PurchaseCancelled, PurchaseRefunded } from './customer.events';
import type {
  AcquisitionChannel,
  ChannelLink,
  CompanyDetails,
  ConsentChannel,
  ConsentState,
  Contact,
  CustomerKind,
  Demographics,
  InteractionDirection,
  InteractionKind,
  PersonName,
  PurchaseItem,
  Tag,
} from './customer.types';

export type Lifecycle =
  | { readonly status: 'prospect' }
  | { readonly status: 'active' }
  | { readonly status: 'inactive' }
  /** Closed: everything continues on the survivor. */
  | { readonly status: 'merged'; readonly survivorCustomerId: string }
  /** Closed: the data key is shredded; history stays but is unreadable. */
  | { readonly status: 'erased'; readonly mergedInto?: string };

export type LifecycleStatus = Lifecycle['status'];

/** The customer this one was merged into (kept after its erasure), if any. */
export function survivorOf(lifecycle: Lifecycle): string | undefined {
  if (lifecycle.status === 'merged') return lifecycle.survivorCustomerId;
  return lifecycle.status === 'erased' ? lifecycle.mergedInto : undefined;
}

export interface InteractionRecord {
  readonly interactionId: string;
  readonly kind: InteractionKind;
  readonly direction?: InteractionDirection;
  readonly occurredAt: string;
  readonly subject?: string;
  readonly notes?: string;
  readonly outcome?: string;
  readonly performedBy: string;
  readonly mergedFrom?: string;
}

export interface PurchaseRecord {
  readonly orderId: string;
  readonly items: readonly PurchaseItem[];
  readonly amount: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly channel: AcquisitionChannel;
  readonly purchasedAt: string;
  readonly mergedFrom?: string;
  /** Sales' cancellation and refunds of the order, in the order recorded (each sales event once). */
  readonly reversals?: readonly (PurchaseCancelled | PurchaseRefunded)[];
}

/** What a purchase still counts in minor units: its amount less refunds, nothing once cancelled. */
export function countedMinor(purchase: PurchaseRecord): number {
  let minor = purchase.amountMinor;
  for (const reversal of purchase.reversals ?? []) minor -= reversal.data.amountMinor;
  return Math.max(0, minor);
}

export function isCancelled(purchase: PurchaseRecord): boolean {
  return (purchase.reversals ?? []).some((r) => r.type === 'customers.PurchaseCancelled');
}

export interface RegisteredCustomer {
  readonly stage: 'registered';
  readonly customerId: string;
  readonly kind: CustomerKind;
  readonly person?: PersonName;
  readonly company?: CompanyDetails;
  readonly nationalId?: string;
  readonly bankCard?: BankCard;
  readonly lifecycle: Lifecycle;
  readonly contacts: readonly Contact[];
  readonly channels: readonly ChannelLink[];
  readonly demographics: Demographics;
  readonly tags: readonly Tag[];
  readonly ownerUserId: string | null;
  readonly teamId: string | null;
  readonly customFields: Readonly<Record<string, CustomFieldValue>>;
  readonly consents: Readonly<Partial<Record<ConsentChannel, ConsentState>>>;
  readonly interactions: readonly InteractionRecord[];
  readonly purchases: readonly PurchaseRecord[];
  /** Customers absorbed by this one. */
  readonly mergedFrom: readonly string[];
  /**
   * Whose personal data an item is when it is not this customer's own (a copy made by a merge):
   * item key (see `personal-data-subjects.ts`) → data subject id. Absent: all of it is its own.
   */
  readonly dataSubjects?: Readonly<Record<string, string>>;
}

export type CustomerState = { readonly stage: 'unregistered' } | RegisteredCustomer;

export const initialCustomerState: CustomerState = { stage: 'unregistered' };

export function isOpen(state: RegisteredCustomer): boolean {
  return state.lifecycle.status !== 'merged' && state.lifecycle.status !== 'erased';
}

export function displayName(state: RegisteredCustomer): string {
  if (state.kind === 'company') return state.company?.legalName ?? '';
  return [state.person?.firstName, state.person?.lastName].filter((s) => s).join(' ');
}
