// Vocabulary of the Customer aggregate shared by commands, events and state.
import type { PostalAddress } from '../values/address';

export const ACQUISITION_CHANNELS = [
  'online_store',
  'offline_store',
  'web_form',
  'social',
  'event',
  'import',
] as const;
export type AcquisitionChannel = (typeof ACQUISITION_CHANNELS)[number];

export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'push'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export const GENDERS = ['female', 'male', 'diverse', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];

export const INCOME_BANDS = ['low', 'lower_middle', 'middle', 'upper_middle', 'high'] as const;
export type IncomeBand = (typeof INCOME_BANDS)[number];

export const COMPANY_SIZES = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

export const TAG_KINDS = ['label', 'interest', 'buying_motive'] as const;
export type TagKind = (typeof TAG_KINDS)[number];

export const INTERACTION_KINDS = ['call', 'email', 'meeting', 'chat', 'visit'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export const INTERACTION_DIRECTIONS = ['inbound', 'outbound'] as const;
export type InteractionDirection = (typeof INTERACTION_DIRECTIONS)[number];

/** Statuses a user may set; `erased` and `merged` are reached only through their own commands. */
export const SETTABLE_STATUSES = ['prospect', 'active', 'inactive'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export type CustomerKind = 'person' | 'company';

export type ContactKind = 'email' | 'phone' | 'address';

export interface PersonName {
  readonly firstName: string;
  readonly lastName: string;
}

export interface CompanyDetails {
  readonly legalName: string;
  readonly industry?: string;
  readonly size?: CompanySize;
  readonly registrationNumber?: string;
}

export type Contact =
  | {
      readonly contactId: string;
      readonly kind: 'email';
      readonly value: string;
      readonly label?: string;
      readonly primary: boolean;
    }
  | {
      readonly contactId: string;
      readonly kind: 'phone';
      readonly value: string;
      readonly label?: string;
      readonly primary: boolean;
    }
  | {
      readonly contactId: string;
      readonly kind: 'address';
      readonly value: PostalAddress;
      readonly label?: string;
      readonly primary: boolean;
    };

export interface ChannelLink {
  readonly channel: AcquisitionChannel;
  readonly externalId?: string;
  readonly detail?: string;
}

export interface Demographics {
  readonly birthday?: string;
  readonly gender?: Gender;
  readonly occupation?: string;
  readonly incomeBand?: IncomeBand;
  readonly region?: string;
}

export interface Tag {
  readonly kind: TagKind;
  readonly value: string;
}

export type ConsentState =
  | { readonly status: 'granted'; readonly source: string; readonly at: string }
  | { readonly status: 'withdrawn'; readonly source: string; readonly at: string };

export interface PurchaseItem {
  readonly sku?: string;
  readonly name?: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPrice?: string;
}
