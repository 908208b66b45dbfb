// The Customers write side: every use case loads, decides and appends through the core's command
// handler (optimistic concurrency, retries, idempotency keys); no business rule lives here. It also
// runs the two-step merge, erasure (append + crypto-shred), export, consent checks and duplicate
// search, and keeps the identity index current for the events it appends.
import {
  CUSTOMER_EVENT_TYPES,
  CustomerErasedError,
  CustomerMergedError,
  CustomerNotFoundError,
  CustomerValidationError,
  MergeNotAllowedError,
  consentDecision,
  customFieldDefinitionsDecider,
  customFieldDefinitionsStreamId,
  customerDecider,
  customerIdentities,
  customerStreamId,
  mergeLinks,
  normaliseEmail,
  normaliseNationalId,
  normalisePhone,
  personalDataDocument,
  type ConsentChannel,
  type ConsentDecision,
  type CustomFieldDefinition,
  type CustomFieldDefinitionsCommand,
  type CustomFieldDefinitionsEvent,
  type CustomFieldDefinitionsState,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerIdentity,
  type CustomerState,
  type RegisteredCustomer,
} from '@crm/customers-domain';
import {
  CommandHandler,
  EventIdConflictError,
  TenantMismatchError,
  WrongExpectedVersionError,
  loadAggregate,
  type Actor,
  type CommandMetadata,
  type CommandResult as StoreCommandResult,
  type DataKeyStore,
  type EventEnvelope,
  type EventStore,
  type RuntimeDependencies,
  type StreamAppend,
} from '@crm/event-sourcing';
import {
  commandMetadata,
  commandOutcome,
  fingerprintWithout,
  type CommandOutcome as KitCommandOutcome,
  type RequestMeta as KitRequestMeta,
} from '@crm/grpc-service';
import { v5 as uuidv5 } from 'uuid';
import {
  IDENTITY_EVENT_TYPES,
  type IdentityIndex,
  type IdentityMatch,
} from '../infrastructure/identity-index';
import { assertVisible, customerDeciderFor, isVisibleTo, seesWholeTenant } from './caller-access';

/** Who asks, for which tenant, and how to trace and de-duplicate the request. */
export interface RequestMeta extends KitRequestMeta {
  /** The user id, or `system:<name>`. */
  readonly actorUserId: string;
}

export interface CommandOutcome extends KitCommandOutcome {
  /** Decrypted envelopes of what was appended (or replayed). */
  readonly events: readonly EventEnvelope[];
}

/** An erasure: the outcome on the requested customer, and every customer id that was erased. */
export interface ErasureOutcome extends CommandOutcome {
  /** The whole merge group (merged records are one person), sorted; the requested id included. */
  readonly erasedCustomerIds: readonly string[];
}

/** Rounds of "erase the group, then look again" before an erasure gives up (merges racing it). */
const MAX_ERASURE_ROUNDS = 5;

export type DuplicateCandidate = IdentityMatch;

/** How many index matches a caller with a limited record scope has filtered (busiest identities). */
const SCOPED_DUPLICATE_SCAN = 200;

export interface DuplicateProbe {
  readonly emails?: readonly string[];
  readonly phones?: readonly string[];
  readonly nationalId?: string;
  readonly defaultCountryCallingCode?: string;
}

/** One item of `executeNew`: what was appended, or why the decision refused it. */
export interface NewCustomerOutcome {
  readonly events: readonly EventEnvelope[];
  readonly rejected?: CustomerValidationError;
}

const ID_NAMESPACE = '7b1a3c52-5d0e-4c1f-9a51-3f2f6c0e8d11';
const IDENTITY_EVENTS = new Set<string>(IDENTITY_EVENT_TYPES);

/** `data` minus the decision time: what makes two commands "the same" for an idempotency key. */
const fingerprint = fingerprintWithout('now');

export class CustomersApplication {
  private readonly definitions: CommandHandler<
    CustomFieldDefinitionsState,
    CustomFieldDefinitionsCommand,
    CustomFieldDefinitionsEvent
  >;

  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    private readonly dataKeys: Pick<DataKeyStore, 'erase' | 'prepareKeys'>,
    private readonly identities: IdentityIndex,
    private readonly maxRetries = 3,
  ) {
    this.definitions = new CommandHandler({
      decider: customFieldDefinitionsDecider,
      store,
      runtime,
      maxRetries,
      fingerprint,
    });
  }

  now(): string {
    return this.runtime.now().toISOString();
  }

  /**
   * An id for something the request creates. With an idempotency key it is derived from the key, so a
   * retried request decides the same command (same fingerprint) instead of looking like a new one.
   */
  newId(meta: RequestMeta, purpose: string): string {
    return meta.idempotencyKey
      ? uuidv5(`${meta.tenantId}\0${purpose}\0${meta.idempotencyKey}`, ID_NAMESPACE)
      : this.runtime.newId();
  }

  /** Runs one Customer command: load, decide, append; then updates the identity index. */
  async execute(
    meta: RequestMeta,
    command: CustomerCommand,
    options: {
      createdId?: string;
      idempotencyScope?: string;
      deferIdentityIndex?: boolean;
      /** The command creates the customer under an id just made for it: no read (ADR 0355). */
      newStream?: boolean;
    } = {},
  ): Promise<CommandOutcome> {
    const customerId = command.data.customerId;
    const streamId = customerStreamId(customerId);
    const result = await this.run(() =>
      this.customersFor(meta).handle(
        streamId,
        command,
        this.metadata(meta, options.idempotencyScope ?? `${command.type}:${customerId}`),
        { newStream: options.newStream === true },
      ),
    );
    // The import batches index writes itself (deferIdentityIndex); the catch-up worker covers crashes.
    if (!options.deferIdentityIndex) await this.index(result.events);
    return this.outcome(meta, customerId, result, options.createdId);
  }

  /**
   * Bulk `execute` for commands that create customers which do not exist yet (the import's fast
   * path): each decided on the initial state without reading the store, the data keys created in
   * one statement, all appended in one transaction (`appendMany`). Per item: the events, or the
   * validation error the decision threw (nothing of that item is written). Undefined when the
   * batch cannot be written as a whole — some customer exists already (e.g. a resumed import) or
   * the store has no `appendMany` — and nothing was written: the caller runs `execute` per item,
   * which answers replays. Identity index updates are left to the caller, as with
   * `deferIdentityIndex`.
   */
  async executeNew(
    items: readonly { readonly meta: RequestMeta; readonly command: CustomerCommand }[],
  ): Promise<NewCustomerOutcome[] | undefined> {
    if (!this.store.appendMany) return undefined;
    const outcomes: NewCustomerOutcome[] = [];
    const appends: StreamAppend[] = [];
    const appended: number[] = [];
    for (const { meta, command } of items) {
      const { customerId } = command.data;
      try {
        const append = this.customersFor(meta).prepareNew(
          customerStreamId(customerId),
          command,
          this.metadata(meta, `${command.type}:${customerId}`),
        );
        outcomes.push({ events: [] });
        if (append) {
          appended.push(outcomes.length - 1);
          appends.push(append);
        }
      } catch (error) {
        if (!(error instanceof CustomerValidationError)) throw error;
        outcomes.push({ events: [], rejected: error });
      }
    }
    if (appends.length === 0) return outcomes;
    const tenants = new Set(items.map((i) => i.meta.tenantId));
    if (tenants.size !== 1) return undefined;
    const [tenantId] = tenants;
    await this.dataKeys.prepareKeys(
      items.map((i) => ({ tenantId: tenantId!, subjectId: i.command.data.customerId })),
    );
    let results;
    try {
      results = await this.store.appendMany(appends);
    } catch (error) {
      if (
        error instanceof WrongExpectedVersionError ||
        error instanceof EventIdConflictError ||
        error instanceof TenantMismatchError
      ) {
        return undefined;
      }
      throw error;
    }
    results.forEach((result, i) => (outcomes[appended[i]!] = { events: result.events }));
    return outcomes;
  }

  /** Customer commands as this caller may send them (scope and owner rules in the decision). */
  private customersFor(
    meta: RequestMeta,
  ): CommandHandler<CustomerState, CustomerCommand, CustomerEvent> {
    return new CommandHandler({
      decider: customerDeciderFor(meta.caller, customerDecider),
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      fingerprint,
    });
  }

  async declareCustomField(
    meta: RequestMeta,
    command: CustomFieldDefinitionsCommand,
  ): Promise<CommandOutcome> {
    const streamId = customFieldDefinitionsStreamId(meta.tenantId);
    const result = await this.definitions.handle(
      streamId,
      command,
      this.metadata(meta, `${command.type}:${command.data.name}`),
    );
    return this.outcome(meta, meta.tenantId, result);
  }

  async customFieldDefinitions(
    tenantId: string,
  ): Promise<Readonly<Record<string, CustomFieldDefinition>>> {
    const loaded = await loadAggregate(
      this.store,
      customFieldDefinitionsDecider,
      customFieldDefinitionsStreamId(tenantId),
      { tenantId },
    );
    return loaded.state.fields;
  }

  async load(
    tenantId: string,
    customerId: string,
  ): Promise<{ state: CustomerState; version: number }> {
    try {
      const loaded = await loadAggregate(
        this.store,
        customerDecider,
        customerStreamId(customerId),
        {
          tenantId,
          toDomainEvent: (e) => ({ type: e.type, data: e.data }) as CustomerEvent,
        },
      );
      return { state: loaded.state, version: loaded.version };
    } catch (error) {
      // Another tenant's customer does not exist for this tenant.
      if (error instanceof TenantMismatchError)
        return { state: customerDecider.initialState, version: 0 };
      throw error;
    }
  }

  /**
   * Merge in two steps, each idempotent: (1) close the merged customer's stream with a pointer to
   * the survivor, so nothing more can be written there; (2) copy its facts onto the survivor from
   * its closed state. A crash between the steps is repaired by running the merge again.
   */
  async merge(
    meta: RequestMeta,
    survivorId: string,
    mergedId: string,
    reason?: string,
  ): Promise<CommandOutcome> {
    if (survivorId === mergedId)
      throw new MergeNotAllowedError('A customer cannot be merged into itself');
    const survivor = (await this.load(meta.tenantId, survivorId)).state;
    assertVisible(meta.caller, survivor);
    if (survivor.stage === 'unregistered') throw new CustomerNotFoundError(survivorId);
    if (survivor.lifecycle.status === 'merged')
      throw new CustomerMergedError(survivorId, survivor.lifecycle.survivorCustomerId);
    if (survivor.lifecycle.status === 'erased') throw new CustomerErasedError(survivorId);
    const mergedBefore = (await this.load(meta.tenantId, mergedId)).state;
    assertVisible(meta.caller, mergedBefore);
    // Refused before step 1 so that nothing is written (erased = no new data, ever).
    if (mergedBefore.stage === 'registered' && mergedBefore.lifecycle.status === 'erased')
      throw new CustomerErasedError(mergedId);
    if (mergedBefore.stage === 'registered' && mergedBefore.kind !== survivor.kind) {
      throw new MergeNotAllowedError(
        `A ${mergedBefore.kind} cannot be merged into a ${survivor.kind}`,
      );
    }
    const step1 = await this.execute(
      { ...meta, idempotencyKey: undefined },
      {
        type: 'CloseAsMergedInto',
        data: {
          customerId: mergedId,
          survivorCustomerId: survivorId,
          ...(reason ? { reason } : {}),
        },
      },
    );
    const closed = (await this.load(meta.tenantId, mergedId)).state as RegisteredCustomer;
    const step2 = await this.execute(
      { ...meta, idempotencyKey: undefined },
      {
        type: 'AbsorbMergedCustomer',
        data: { customerId: survivorId, merged: closed, ...(reason ? { reason } : {}) },
      },
    );
    return {
      ...step2,
      replayed: step1.events.length === 0 && step2.events.length === 0,
      // Both streams changed: a read must reflect the closed one as well as the survivor.
      globalPosition: Math.max(step1.globalPosition, step2.globalPosition),
    };
  }

  /**
   * Erases a person. Merged records are one person (ADR 0060): every customer of the requested
   * one's merge group gets PersonalDataErased (naming the whole group), then every group member's
   * key is shredded, so every personal field of theirs, wherever a merge copied it, reads
   * "[erased]". The group is looked up again afterwards: a merge that raced the erasure and
   * absorbed someone new is erased too before this answers. Retrying is harmless: erased streams
   * decide nothing new and shredding twice is a no-op.
   */
  async erase(meta: RequestMeta, customerId: string, reason?: string): Promise<ErasureOutcome> {
    let group = await this.mergeGroup(meta.tenantId, customerId);
    const outcomes = new Map<string, CommandOutcome>();
    for (let round = 0; round < MAX_ERASURE_ROUNDS; round += 1) {
      for (const id of group) {
        if (outcomes.has(id)) continue;
        const outcome = await this.execute(meta, {
          type: 'ErasePersonalData',
          data: { customerId: id, ...(reason ? { reason } : {}), erasedCustomerIds: group },
        });
        outcomes.set(id, outcome);
      }
      // Also on a retry (the events may be stored while the shredding failed).
      for (const id of group) await this.dataKeys.erase({ tenantId: meta.tenantId, subjectId: id });
      const again = await this.mergeGroup(meta.tenantId, customerId);
      const requested = outcomes.get(customerId);
      if (requested && again.every((id) => outcomes.has(id)))
        return { ...requested, erasedCustomerIds: group };
      group = [...new Set([...group, ...again])].sort();
    }
    throw new Error(
      `Erasure of ${customerId} did not settle: merges kept adding customers to its group`,
    );
  }

  /**
   * Every customer linked to `customerId` by merges, transitively (survivor pointers and absorbed
   * customers), sorted; `customerId` included. Unknown → CustomerNotFoundError.
   */
  async mergeGroup(tenantId: string, customerId: string): Promise<string[]> {
    const group = new Set<string>();
    const seen = new Set<string>([customerId]);
    const pending = [customerId];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      const { state } = await this.load(tenantId, id);
      if (state.stage === 'unregistered') {
        if (id === customerId) throw new CustomerNotFoundError(customerId);
        continue; // a link to nothing (cannot happen in one tenant's log): nothing to erase
      }
      group.add(id);
      for (const linked of mergeLinks(state)) {
        if (seen.has(linked)) continue;
        seen.add(linked);
        pending.push(linked);
      }
    }
    return [...group].sort();
  }

  async exportPersonalData(
    meta: RequestMeta,
    customerId: string,
  ): Promise<Record<string, unknown>> {
    const streamId = customerStreamId(customerId);
    let state: CustomerState = customerDecider.initialState;
    const events: {
      type: string;
      occurredAt: string;
      streamVersion: number;
      actor: Actor;
      correlationId: string;
    }[] = [];
    try {
      const read = await this.store.readStream(streamId, { tenantId: meta.tenantId });
      for (const e of read.events) {
        state = customerDecider.evolve(state, { type: e.type, data: e.data } as CustomerEvent);
        events.push({
          type: e.type,
          occurredAt: e.occurredAt,
          streamVersion: e.streamVersion,
          actor: e.actor,
          correlationId: e.correlationId,
        });
      }
    } catch (error) {
      if (error instanceof TenantMismatchError) throw new CustomerNotFoundError(customerId);
      throw error;
    }
    assertVisible(meta.caller, state);
    const document = personalDataDocument(state);
    if (!document) throw new CustomerNotFoundError(customerId);
    return { ...document, tenantId: meta.tenantId, exportedAt: this.now(), events };
  }

  async checkConsent(
    meta: RequestMeta,
    customerId: string,
    channel: ConsentChannel,
  ): Promise<ConsentDecision> {
    const { state } = await this.load(meta.tenantId, customerId);
    assertVisible(meta.caller, state);
    return consentDecision(state, channel);
  }

  async duplicatesOf(
    meta: RequestMeta,
    customerId: string,
    limit: number,
  ): Promise<DuplicateCandidate[]> {
    const { state } = await this.load(meta.tenantId, customerId);
    assertVisible(meta.caller, state);
    if (state.stage === 'unregistered') throw new CustomerNotFoundError(customerId);
    return this.visibleCandidates(meta, limit, (max) =>
      this.identities.find(meta.tenantId, customerIdentities(state), {
        excludeCustomerId: customerId,
        limit: max,
      }),
    );
  }

  async duplicatesFor(
    meta: RequestMeta,
    probe: DuplicateProbe,
    limit: number,
    excludeCustomerId?: string,
  ): Promise<DuplicateCandidate[]> {
    return this.visibleCandidates(meta, limit, (max) =>
      this.identities.find(meta.tenantId, probeIdentities(probe), {
        limit: max,
        ...(excludeCustomerId ? { excludeCustomerId } : {}),
      }),
    );
  }

  /**
   * RegisterCustomer: the customer's stream is new (no read, ADR 0355), and its identity rows are
   * written in the statement that looks up its duplicates. A replayed answer only re-indexes.
   */
  async register(
    meta: RequestMeta,
    command: Extract<CustomerCommand, { type: 'RegisterCustomer' }>,
  ): Promise<{ outcome: CommandOutcome; duplicates: DuplicateCandidate[] }> {
    const { customerId } = command.data;
    const outcome = await this.execute(meta, command, {
      newStream: true,
      deferIdentityIndex: true,
    });
    if (outcome.replayed) {
      await this.index(outcome.events);
      return { outcome, duplicates: [] };
    }
    const state = stateAfter(outcome.events);
    const duplicates = await this.visibleCandidates(meta, 20, (max) =>
      this.identities.applyAndFind(outcome.events, meta.tenantId, customerIdentities(state), {
        excludeCustomerId: customerId,
        limit: max,
      }),
    );
    return { outcome, duplicates };
  }

  /**
   * The candidates the caller's record scope includes (the same rule as every read: another rep's
   * customer is not revealed, not even by id). The index knows no owners, so for a scoped caller
   * more matches are read and each candidate's owner and team checked on its stream.
   */
  private async visibleCandidates(
    meta: RequestMeta,
    limit: number,
    find: (max: number) => Promise<DuplicateCandidate[]>,
  ): Promise<DuplicateCandidate[]> {
    if (seesWholeTenant(meta.caller)) return find(limit);
    const visible: DuplicateCandidate[] = [];
    for (const candidate of await find(SCOPED_DUPLICATE_SCAN)) {
      const { state } = await this.load(meta.tenantId, candidate.customerId);
      if (isVisibleTo(meta.caller, state)) visible.push(candidate);
      if (visible.length === limit) break;
    }
    return visible;
  }

  private async index(events: readonly EventEnvelope[]): Promise<void> {
    if (events.some((e) => IDENTITY_EVENTS.has(e.type))) await this.identities.apply(events);
  }

  private metadata(meta: RequestMeta, scope: string): CommandMetadata {
    return commandMetadata(meta, `customers:${scope}`);
  }

  /** Maps a foreign tenant's stream to "not found" (as if it did not exist). */
  private async run(action: () => Promise<StoreCommandResult>): Promise<StoreCommandResult> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof TenantMismatchError)
        throw new CustomerNotFoundError(error.streamId.replace(/^customers\.Customer-/, ''));
      throw error;
    }
  }

  private async outcome(
    meta: RequestMeta,
    aggregateId: string,
    result: StoreCommandResult,
    createdId?: string,
  ): Promise<CommandOutcome> {
    return {
      ...(await commandOutcome(this.store, meta, aggregateId, result, createdId)),
      events: result.events,
    };
  }
}

/** A customer's state after its events, folded from the initial state. */
function stateAfter(events: readonly EventEnvelope[]): CustomerState {
  return events.reduce<CustomerState>(
    (s, e) => customerDecider.evolve(s, { type: e.type, data: e.data } as CustomerEvent),
    customerDecider.initialState,
  );
}

export function probeIdentities(probe: DuplicateProbe): CustomerIdentity[] {
  const identities: CustomerIdentity[] = [];
  for (const email of probe.emails ?? []) {
    const value = normaliseEmail(email);
    if (value) identities.push({ kind: 'email', value });
  }
  for (const phone of probe.phones ?? []) {
    const value = normalisePhone(phone, probe.defaultCountryCallingCode);
    if (value) identities.push({ kind: 'phone', value });
  }
  if (probe.nationalId) {
    const value = normaliseNationalId(probe.nationalId);
    if (value) identities.push({ kind: 'national_id', value });
  }
  return identities;
}

/** Every event type this service writes (for registries and filters). */
export const CUSTOMERS_SERVICE_EVENT_TYPES: readonly string[] = [
  ...CUSTOMER_EVENT_TYPES,
  'customers.CustomFieldDeclared',
  'customers.CustomFieldRedeclared',
];
