// In-memory stand-ins for the gateway's infrastructure ports, for unit tests that drive the real
// Nest application (guard, pipes, resolvers, error formatting) without servers.
import { AppliedPositionWatcher } from '@crm/read-models';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { generateServiceTokenKeys, scopeIncludes } from '@crm/access-policy';
import { InMemoryEventStore } from '@crm/event-sourcing';
import { AUDITOR_QUERY_RAN, AuditTrail } from '../../src/audit/audit-trail';
import { type Role } from '../../src/authz/role';
import { type GatewayInfrastructure } from '../../src/app/gateway.module';
import { type GatewayConfig, loadGatewayConfig } from '../../src/config/gateway-config';
import { type CustomersClient } from '../../src/customers/customer-commands';
import { CustomerChangeHub } from '../../src/customers/changes/customer-change-hub';
import { type CallContext } from '../../src/customers/grpc/customers-grpc.client';
import { type TimelineEntry } from '../../src/customers/models/connections.model';
import { CustomerKind, CustomerStatus } from '../../src/customers/models/customer-enums';
import { type Customer } from '../../src/customers/models/customer.model';
import {
  type CustomerReadModels,
  type CustomerScope,
  type CustomerSearchFilter,
  InvalidCursorError,
  type Page,
  type PageRequest,
} from '../../src/customers/read/customer-read-models.port';
import { DuplicateEmailError, type UserRecord } from '../../src/users/user.repository';
import { type UserStore } from '../../src/users/user-store';

export const TEST_JWT_SECRET = 'unit-test-secret-unit-test-secret-0123456789';

/** Signing key of the gateway's service call tokens in tests (the services get the public half). */
export const TEST_SERVICE_TOKEN_KEYS = generateServiceTokenKeys();

export function testConfig(overrides: Record<string, string> = {}): GatewayConfig {
  return loadGatewayConfig({
    CRM_JWT_SECRET: TEST_JWT_SECRET,
    CRM_SERVICE_TOKEN_PRIVATE_KEY: TEST_SERVICE_TOKEN_KEYS.privateKey,
    CRM_POSTGRES_URL: 'postgres://unused@127.0.0.1:1/unused',
    CRM_MONGO_URL: 'mongodb://127.0.0.1:1/unused',
    CRM_KAFKA_BROKERS: '127.0.0.1:1',
    CRM_LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export class InMemoryUserStore implements UserStore {
  readonly rows: UserRecord[] = [];

  async findByEmail(tenantId: string, email: string): Promise<UserRecord | null> {
    return (
      this.rows.find((u) => u.tenantId === tenantId && u.email === email.toLowerCase()) ?? null
    );
  }
  async findByIds(tenantId: string, ids: readonly string[]): Promise<UserRecord[]> {
    return this.rows.filter((u) => u.tenantId === tenantId && ids.includes(u.userId));
  }
  async list(
    tenantId: string,
    options: { teamId?: string | null; limit: number; afterEmail?: string },
  ): Promise<UserRecord[]> {
    return this.rows
      .filter(
        (u) =>
          u.tenantId === tenantId &&
          (!options.teamId || u.teamId === options.teamId) &&
          u.email > (options.afterEmail ?? ''),
      )
      .sort((a, b) => a.email.localeCompare(b.email))
      .slice(0, options.limit);
  }
  async teamMemberIds(tenantId: string, teamId: string): Promise<string[]> {
    return this.rows
      .filter((u) => u.tenantId === tenantId && u.teamId === teamId)
      .map((u) => u.userId);
  }
  async insert(user: Omit<UserRecord, 'createdAt' | 'active'>): Promise<UserRecord> {
    if (await this.findByEmail(user.tenantId, user.email))
      throw new DuplicateEmailError(user.email);
    const record = {
      ...user,
      email: user.email.toLowerCase(),
      active: true,
      createdAt: new Date('2024-01-01T00:00:00Z'),
    };
    this.rows.push(record);
    return record;
  }
  async insertIfAbsent(user: Omit<UserRecord, 'createdAt' | 'active'>): Promise<boolean> {
    if (await this.findByEmail(user.tenantId, user.email)) return false;
    await this.insert(user);
    return true;
  }
  async update(
    tenantId: string,
    userId: string,
    patch: {
      roles?: readonly Role[];
      teamId?: string | null;
      active?: boolean;
      passwordHash?: string;
    },
  ): Promise<UserRecord | null> {
    const index = this.rows.findIndex((u) => u.tenantId === tenantId && u.userId === userId);
    const current = this.rows[index];
    if (!current) return null;
    const updated: UserRecord = { ...current, ...patch };
    this.rows[index] = updated;
    return updated;
  }
  async countActiveAdmins(tenantId: string): Promise<number> {
    return this.rows.filter(
      (u) => u.tenantId === tenantId && u.active && u.roles.includes('admin' as Role),
    ).length;
  }
}

export function customerFixture(
  overrides: Partial<Customer> & { id: string; tenantId?: string },
): Customer & { tenantId: string } {
  return {
    tenantId: 'acme',
    kind: CustomerKind.PERSON,
    status: CustomerStatus.ACTIVE,
    displayName: 'Ada Lovelace',
    person: { firstName: 'Ada', lastName: 'Lovelace', nationalIdLast4: null },
    company: null,
    contacts: [],
    channels: [],
    demographics: null,
    tags: [],
    customFields: [],
    consents: [],
    purchases: null,
    bankCardLast4: null,
    ownerUserId: null,
    teamId: null,
    mergedIntoCustomerId: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const encodeCursor = (index: number): string => Buffer.from(`i:${index}`).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^i:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError();
  return Number(match[1]) + 1;
}

function paginate<T>(items: readonly T[], page: PageRequest): Page<T> {
  const start = decodeCursor(page.after);
  const slice = items.slice(start, start + page.first);
  return {
    items: slice.map((node, i) => ({ cursor: encodeCursor(start + i), node })),
    hasNextPage: start + page.first < items.length,
  };
}

export class InMemoryCustomerReadModels implements CustomerReadModels {
  readonly customers: (Customer & { tenantId: string })[] = [];
  readonly timelines = new Map<string, TimelineEntry[]>();
  readonly searches: { tenantId: string; scope: CustomerScope; filter: CustomerSearchFilter }[] =
    [];
  customer360Calls = 0;

  add(customer: Customer & { tenantId: string }): void {
    this.customers.push(customer);
  }
  async customer360(tenantId: string, customerId: string): Promise<Customer | null> {
    this.customer360Calls += 1;
    return this.customers.find((c) => c.tenantId === tenantId && c.id === customerId) ?? null;
  }
  async search(
    tenantId: string,
    scope: CustomerScope,
    filter: CustomerSearchFilter,
    page: PageRequest,
  ): Promise<Page<Customer>> {
    this.searches.push({ tenantId, scope, filter });
    const matches = this.customers.filter(
      (c) =>
        c.tenantId === tenantId &&
        scopeIncludes(scope, c) &&
        (!filter.text || c.displayName.toLowerCase().includes(filter.text.toLowerCase())) &&
        (!filter.ownerUserId || c.ownerUserId === filter.ownerUserId),
    );
    return paginate(matches, page);
  }
  async timeline(
    tenantId: string,
    customerId: string,
    page: PageRequest,
  ): Promise<Page<TimelineEntry>> {
    return paginate(this.timelines.get(`${tenantId}/${customerId}`) ?? [], page);
  }
  async ping(): Promise<void> {}
}

export interface RecordedCall {
  readonly method: string;
  readonly call: CallContext;
  readonly request: Record<string, unknown>;
}

/** Records every call; answers with `responses[method]` (a value or a function) or a generic CommandResult. */
export class FakeCustomersClient implements CustomersClient {
  readonly calls: RecordedCall[] = [];
  readonly responses: Record<string, unknown> = {};
  /** The global position of the last generic CommandResult (one per call). */
  position = 0;

  async call<Response>(
    method: string,
    call: CallContext,
    request: Record<string, unknown>,
  ): Promise<Response> {
    this.calls.push({ method, call, request });
    const configured = this.responses[method];
    if (typeof configured === 'function')
      return (await (configured as (r: Record<string, unknown>) => unknown)(request)) as Response;
    if (configured !== undefined) return configured as Response;
    const aggregateId =
      typeof request['customerId'] === 'string' && request['customerId'] !== ''
        ? request['customerId']
        : uuidv7();
    const result = {
      aggregateId,
      streamVersion: 1,
      replayed: false,
      createdId: '',
      eventTypes: [`customers.${method}`],
      correlationId: call.correlationId,
      globalPosition: String((this.position += 1)),
    };
    if (method === 'RegisterCustomer') return { result, possibleDuplicates: [] } as Response;
    return result as Response;
  }
  async streamImport<Response>(
    call: CallContext,
    start: Record<string, unknown>,
    csv: AsyncIterable<Buffer>,
  ): Promise<Response> {
    const chunks: Buffer[] = [];
    for await (const chunk of csv) chunks.push(chunk);
    return this.call<Response>('StreamImport', call, { ...start, csv: Buffer.concat(chunks) });
  }
  async waitForReady(): Promise<void> {}
}

/** Applied positions by projection, moved by tests; read through the real watcher. */
export class InMemoryReadPositions {
  readonly applied = new Map<string, number>();
  readonly watcher = new AppliedPositionWatcher(async (p) => this.applied.get(p) ?? 0, {
    timeoutMs: 5_000,
    pollIntervalMs: 5,
  });
  waitFor(projection: string, position: number, timeoutMs: number): Promise<number> {
    return this.watcher.waitFor(projection, position, timeoutMs);
  }
}

export interface InMemoryInfrastructure extends GatewayInfrastructure {
  readonly userStore: InMemoryUserStore;
  readonly readPositions: InMemoryReadPositions;
  readonly readModels: InMemoryCustomerReadModels;
  readonly customersClient: FakeCustomersClient;
  readonly changeHub: CustomerChangeHub;
  /** The event store behind the auditor API (an in-memory store: same port, no server). */
  readonly auditStore: InMemoryEventStore;
}

export function inMemoryInfrastructure(logger = pino({ level: 'silent' })): InMemoryInfrastructure {
  const auditStore = new InMemoryEventStore({
    eventTypes: [{ type: AUDITOR_QUERY_RAN, schemaVersion: 1 }],
  });
  return {
    auditStore,
    auditTrail: new AuditTrail({ store: auditStore }),
    userStore: new InMemoryUserStore(),
    readModels: new InMemoryCustomerReadModels(),
    readPositions: new InMemoryReadPositions(),
    customersClient: new FakeCustomersClient(),
    changeHub: new CustomerChangeHub(),
    readinessChecks: {
      postgres: async () => undefined,
      mongo: async () => undefined,
      customersGrpc: async () => undefined,
    },
    logger,
  };
}
