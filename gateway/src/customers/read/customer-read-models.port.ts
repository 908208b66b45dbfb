// What the gateway needs from the customer read models (MongoDB). The adapter wraps the query
// functions of the read-model library; tests use an in-memory fake. Every call is tenant-scoped,
// and search takes the caller's record-level scope so that pagination never leaks hidden records.
import { type CustomerScope } from '@crm/access-policy';
import { type TimelineEntry } from '../models/connections.model';
import { type Customer } from '../models/customer.model';
import { type CustomerKind, type CustomerStatus } from '../models/customer-enums';

/** Which customers a caller may see within their tenant (docs/security.md). */
export type { CustomerScope };

export interface CustomerSearchFilter {
  /** Free text over name, e-mail, phone (prefix / contains match, escaped by the read model). */
  readonly text?: string;
  readonly kinds?: readonly CustomerKind[];
  readonly statuses?: readonly CustomerStatus[];
  /** All of these tag values. */
  readonly tags?: readonly string[];
  readonly ownerUserId?: string;
  readonly teamId?: string;
  /** Exact match on a tenant custom field; the name is a validated identifier. */
  readonly customField?: { readonly name: string; readonly value: string };
}

export interface PageRequest {
  readonly first: number;
  readonly after?: string;
}

export interface Page<T> {
  readonly items: readonly { readonly cursor: string; readonly node: T }[];
  readonly hasNextPage: boolean;
}

export interface CustomerReadModels {
  customer360(tenantId: string, customerId: string): Promise<Customer | null>;
  search(
    tenantId: string,
    scope: CustomerScope,
    filter: CustomerSearchFilter,
    page: PageRequest,
  ): Promise<Page<Customer>>;
  timeline(tenantId: string, customerId: string, page: PageRequest): Promise<Page<TimelineEntry>>;
  /** Throws when the database is unreachable (readiness). */
  ping(): Promise<void>;
}

export const CUSTOMER_READ_MODELS = Symbol('CUSTOMER_READ_MODELS');

/** A malformed or foreign cursor: answered as BAD_USER_INPUT on the `after` argument. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}
