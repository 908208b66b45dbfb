// The Sales write side: every use case loads, decides and appends through the core's command
// handler (optimistic concurrency, retries, idempotency keys) with the decider scoped to the
// caller; no business rule lives here. It also runs the two-aggregate use cases: converting a lead
// (the lead, then the opportunity it opens) and placing an order from a won opportunity.
import {
  AggregateSnapshotter,
  CommandHandler,
  SubjectErasedError,
  TenantMismatchError,
  type Decider,
  type SnapshotStore,
  type StateLoader,
  type DataKeyProvider,
  type DataKeyStore,
  type DomainEvent,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import {
  executeCommand,
  loadStateForTenant,
  fingerprintWithout,
  type CommandOutcome,
  type RequestMeta,
} from '@crm/grpc-service';
import {
  OpportunityNotOpenError,
  RecordNotFoundError,
  activityDecider,
  activityStreamId,
  assertOrderFitsOpportunity,
  netUnitPriceMinor,
  LEAD_HISTORY_EVENT_TYPES,
  leadAttributesOf,
  LeadHistoryFold,
  type LeadOutcome,
  leadScoreDecider,
  leadScoreStreamId,
  leadScoringModelDecider,
  leadScoringModelStreamId,
  scoreLead,
  type DefineLeadScoringModel,
  type DefineQuoteApprovalPolicy,
  type AddSalesNote,
  type NoteSubject,
  type RemoveSalesNote,
  type SalesNoteEvent,
  salesNoteDecider,
  noteStreamId,
  quoteApprovalPolicyDecider,
  quoteApprovalPolicyInForce,
  type QuoteApprovalPolicyInForce,
  quoteApprovalPolicyStreamId,
  type ReviseQuote,
  type TenantQuoteApprovalPolicy,
  type LeadCaptured,
  type LeadContact,
  type LeadSource,
  type LeadEvent,
  type RecordLeadEngagement,
  quoteDecider,
  quoteStreamId,
  forecastDecider,
  forecastStreamId,
  type ForecastCommand,
  leadDecider,
  leadStreamId,
  opportunityDecider,
  opportunityStreamId,
  orderDecider,
  orderStreamId,
  type CaptureLead,
  type ConvertLead,
  type EraseLead,
  type LeadCommand,
  type OpenOpportunity,
  type OpportunityCommand,
  type AcceptQuote,
  type ActivityCommand,
  type ActivitySubject,
  type OrderChannel,
  type OrderCommand,
  type QuoteCommand,
  type SalesAggregate,
  type SalesOwnership,
  SALES_LIMITS,
  contractDecider,
  contractStreamId,
  type ContractCommand,
  type StartContract,
  quotaDecider,
  quotaStreamId,
  type SetQuota,
  PIPELINE_AS_OF_EVENT_TYPES,
  PipelineAsOfFold,
  type PipelineAsOf,
  type PipelineAsOfEvent,
  InvalidTransitionError,
  DEFAULT_PIPELINE,
  findPipeline,
  UnknownPipelineError,
  inboundLeadDecider,
  inboundLeadStreamId,
  salesTeamDecider,
  salesTeamSnapshotCodec,
  salesTeamStreamId,
  SALES_TEAM_STATE_SCHEMA_VERSION,
  type SalesTeamEvent,
  type SalesTeamState,
  type DefineSalesTeam,
  type ReceiveInboundLead,
  type LeadReleaseReason,
  type OpportunityLine,
  type QuoteLine,
} from '@crm/sales-domain';
import { Role, systemCaller } from '@crm/access-policy';
import { v5 as uuidv5 } from 'uuid';
import type { CustomerContactIndex } from '@crm/reactors';
import { customerErasedAt } from '../customers/customer-erasures';
import type {
  PipelineAsOfSnapshots,
  StoredPipelineSnapshot,
} from '../forecast/pipeline-as-of-snapshots';
import type { LeadRouting } from '../grpc/sales-command.parsers';
import type { ImportedLead } from '../grpc/lead-import.parser';
import {
  actingUserIdOf,
  assertOwnerAssignment,
  CallerNotAllowedError,
  isVisibleTo,
  scopedDecider,
} from './caller-access';
import { CachedStateLoader } from './cached-state-loader';

export type { CommandOutcome, RequestMeta } from '@crm/grpc-service';

/** Digests of captured leads' e-mails (inbound/lead-email-index.ts). */
/** The contact fields a customer match compares (only those present). */
function contactKeys(contact: { readonly email?: string; readonly phone?: string }) {
  return {
    ...(contact.email ? { email: contact.email } : {}),
    ...(contact.phone ? { phone: contact.phone } : {}),
  };
}

export interface LeadEmails {
  record(tenantId: string, email: string, leadId: string): Promise<string[]>;
  forget(tenantId: string, leadId: string): Promise<void>;
}

/** A lead captured from the inbound topic: the capture, its team and what rules may test. */
export interface InboundCaptureRequest extends LeadRouting {
  readonly capture: CaptureLead;
}

/**
 * The named identity routing acts under: the team's strategy, not the person who captured the
 * lead, chooses the rep (a rep capturing for their team may not assign a lead to a colleague).
 */
export const SALES_LEAD_ROUTER = 'sales.lead-router';
const routerMeta = (meta: RequestMeta): RequestMeta => ({
  ...meta,
  caller: systemCaller(SALES_LEAD_ROUTER, meta.tenantId, [Role.ADMIN]),
});

/** The same request's next step: its own idempotency key, derived from the request's. */
const step = (meta: RequestMeta, name: string): RequestMeta =>
  meta.idempotencyKey ? { ...meta, idempotencyKey: `${meta.idempotencyKey}:${name}` } : meta;

/** A deal's line as a quote line (ADR 0442): a quote knows no recurring flag. */
const quoteLineOfDealLine = ({ recurring: _recurring, ...line }: OpportunityLine): QuoteLine =>
  line;

const ID_NAMESPACE = '5f0e1d2c-3b4a-4958-8f7e-6d5c4b3a2910';

/**
 * `data` minus what the service derives at decision time (the time, a lead score computed from the
 * log): what makes two commands "the same" for an idempotency key.
 */
const fingerprint = fingerprintWithout('now', 'result');

const givesLeadOwner = (c: LeadCommand): SalesOwnership | undefined =>
  c.type === 'CaptureLead' || c.type === 'AssignLead' ? c.data : undefined;
const givesOpportunityOwner = (c: OpportunityCommand): SalesOwnership | undefined =>
  c.type === 'OpenOpportunity' ? c.data : undefined;
const givesOrderOwner = (c: OrderCommand): SalesOwnership | undefined =>
  c.type === 'PlaceOrder' ? c.data : undefined;
// A quote's owner is its opportunity's, which the caller already sees: nothing given to check.
const givesNoOwner = (): undefined => undefined;
const givesQuotaOwner = (c: SetQuota): SalesOwnership => c.data;
const givesActivityOwner = (c: ActivityCommand): SalesOwnership | undefined =>
  c.type === 'ScheduleActivity' ? c.data : undefined;

/** What StartContract needs from the request; the rest is the accepted quote's. */
export type ContractTerms = Pick<
  StartContract['data'],
  'quoteId' | 'startsAt' | 'endsAt' | 'renewalNoticeDays' | 'now'
>;

/** What CreateQuote needs from the request; the rest is the opportunity's. */
export type QuoteDraft = Pick<
  Extract<QuoteCommand, { type: 'CreateQuote' }>['data'],
  'quoteId' | 'opportunityId' | 'lines' | 'validUntil' | 'validityDay' | 'now'
>;

/**
 * Team snapshots (ADR 0285): a team stream grows by one LeadRouted per lead, so routing loads the
 * newest snapshot and the events after it instead of the whole stream.
 */
/** A lead's contact and links, for registering or linking its customer (ADR 0380). */
export interface LeadConversionSource {
  readonly leadId: string;
  readonly source: LeadSource;
  readonly contact: LeadContact;
  readonly companyName?: string | undefined;
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly convertedCustomerId?: string;
  readonly matchedCustomerId?: string;
}

export interface TeamSnapshots {
  readonly store: SnapshotStore;
  readonly everyNEvents: number;
  readonly onError?: (error: unknown, context: { streamId: string; phase: string }) => void;
}

export class SalesApplication {
  private readonly teamSnapshotter?: AggregateSnapshotter<SalesTeamState, SalesTeamEvent>;
  /** The teams' states kept in process and brought up to date by their tail (S1's profile). */
  private readonly teamStates: CachedStateLoader<SalesTeamState, SalesTeamEvent>;
  /** Each tenant's won/lost history as far as it has been read (leadHistoryOf). */
  private readonly leadHistories = new Map<
    string,
    { fold: LeadHistoryFold; after: number; caughtUp: Promise<void> }
  >();

  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    private readonly maxRetries = 3,
    /** Shreds a lead's subject key on erasure (absent: this instance cannot erase). */
    private readonly dataKeys?: Pick<DataKeyStore, 'erase'>,
    /** The duplicate check of lead capture (absent: no duplicate check). */
    private readonly leadEmails?: LeadEmails,
    teamSnapshots?: TeamSnapshots,
    private readonly indexes: {
      /** Customers of the customers context by contact (absent: leads are not matched to them). */
      readonly customerContacts?: Pick<CustomerContactIndex, 'customersFor'>;
      /** Positional snapshots of the pipeline as of (absent: every query replays the whole log). */
      readonly pipelineSnapshots?: Pick<PipelineAsOfSnapshots, 'latestCovering' | 'save'>;
      /** Events a query folds past a snapshot before it stores the next one (ADR 0326). */
      readonly pipelineSnapshotEvery?: number;
      /** Called when a pipeline snapshot could not be stored (it only costs speed). */
      readonly onSnapshotError?: (error: unknown) => void;
      /**
       * Note texts (ADR 0400): `texts`, the store view they are read and decrypted through, and
       * `keys`, their key lookups; neither caches keys, so another context's erasure of a subject
       * shows at once (absent: the command store, and no check before a note is written).
       */
      readonly notes?: {
        readonly texts: Pick<EventStore, 'readStream'>;
        readonly keys: Pick<DataKeyProvider, 'keyForDecryption'>;
      };
    } = {},
  ) {
    if (teamSnapshots)
      this.teamSnapshotter = new AggregateSnapshotter<SalesTeamState, SalesTeamEvent>({
        events: store,
        snapshots: teamSnapshots.store,
        decider: salesTeamDecider,
        stateSchemaVersion: SALES_TEAM_STATE_SCHEMA_VERSION,
        everyNEvents: teamSnapshots.everyNEvents,
        codec: salesTeamSnapshotCodec,
        now: () => runtime.now(),
        ...(teamSnapshots.onError ? { onError: teamSnapshots.onError } : {}),
      });
    this.teamStates = new CachedStateLoader<SalesTeamState, SalesTeamEvent>({
      events: store,
      decider: salesTeamDecider,
      ...(this.teamSnapshotter ? { coldLoad: this.teamSnapshotter.loadState } : {}),
      maxEntries: 1_000,
    });
  }

  /** Resolves when the team snapshots being written have been (tests, shutdown, benchmarks). */
  async snapshotsWritten(): Promise<void> {
    await this.teamSnapshotter?.whenIdle();
  }

  now(): string {
    return this.runtime.now().toISOString();
  }

  randomId(): string {
    return this.runtime.newId();
  }

  /** An id for what the request creates; derived from the idempotency key so a retry decides the same command. */
  newId(meta: RequestMeta, purpose: string): string {
    return meta.idempotencyKey
      ? uuidv5(`${meta.tenantId}\0${purpose}\0${meta.idempotencyKey}`, ID_NAMESPACE)
      : this.randomId();
  }

  lead(meta: RequestMeta, command: LeadCommand, createdId?: string): Promise<CommandOutcome> {
    const { leadId } = command.data;
    return this.execute(
      meta,
      scopedDecider(meta.caller, leadDecider, 'lead', leadId, givesLeadOwner),
      leadStreamId(leadId),
      command,
      leadId,
      createdId,
    );
  }

  opportunity(
    meta: RequestMeta,
    command: OpportunityCommand,
    createdId?: string,
  ): Promise<CommandOutcome> {
    const { opportunityId } = command.data;
    return this.execute(
      meta,
      scopedDecider(
        meta.caller,
        opportunityDecider,
        'opportunity',
        opportunityId,
        givesOpportunityOwner,
      ),
      opportunityStreamId(opportunityId),
      command,
      opportunityId,
      createdId,
    );
  }

  /**
   * An order; placed from an opportunity, that opportunity must be visible to the caller and won,
   * for the same customer and currency (checked again on every retry of the request).
   */
  async order(
    meta: RequestMeta,
    command: OrderCommand,
    createdId?: string,
  ): Promise<CommandOutcome> {
    if (command.type === 'PlaceOrder' && command.data.opportunityId !== undefined) {
      const opportunity = await this.visibleOpportunity(meta, command.data.opportunityId);
      assertOrderFitsOpportunity(opportunity, command.data);
    }
    const { orderId } = command.data;
    return this.execute(
      meta,
      scopedDecider(meta.caller, orderDecider, 'order', orderId, givesOrderOwner),
      orderStreamId(orderId),
      command,
      orderId,
      createdId,
    );
  }

  /** A new version of a quote, routed by the tenant's approval policy in force. */
  async reviseQuote(meta: RequestMeta, command: ReviseQuote): Promise<CommandOutcome> {
    const approvalPolicy = await this.approvalPolicy(meta);
    return this.quote(meta, { ...command, data: { ...command.data, approvalPolicy } });
  }

  quote(meta: RequestMeta, command: QuoteCommand, createdId?: string): Promise<CommandOutcome> {
    const { quoteId } = command.data;
    return this.execute(
      meta,
      scopedDecider(meta.caller, quoteDecider, 'quote', quoteId, givesNoOwner),
      quoteStreamId(quoteId),
      command,
      quoteId,
      createdId,
    );
  }

  /**
   * Version 1 of a quote from an open opportunity the caller sees, with its customer, currency and
   * owner; without lines, with the deal's current lines at their list prices and discounts (ADR
   * 0442; a deal without lines leaves the quote without, which the decider refuses).
   */
  async createQuote(meta: RequestMeta, draft: QuoteDraft): Promise<CommandOutcome> {
    const opportunity = await this.visibleOpportunity(meta, draft.opportunityId);
    if (opportunity.status === 'None') {
      throw new RecordNotFoundError('opportunity', draft.opportunityId);
    }
    if (opportunity.status !== 'Open') {
      throw new OpportunityNotOpenError(draft.opportunityId, opportunity.status);
    }
    const { customerId, currency, ownerId, teamId } = opportunity;
    const lines = draft.lines.length > 0 ? draft.lines : opportunity.lines.map(quoteLineOfDealLine);
    const approvalPolicy = await this.approvalPolicy(meta);
    return this.quote(
      meta,
      {
        type: 'CreateQuote',
        data: { ...draft, lines, customerId, currency, ownerId, teamId, approvalPolicy },
      },
      draft.quoteId,
    );
  }

  /**
   * Accepts a quote, then wins its opportunity and places the order from the accepted version's
   * net prices (order id derived from the quote, so it is placed once). A crash between the steps
   * is repaired by sending the same request again: what is done decides nothing.
   */
  async acceptQuote(
    meta: RequestMeta,
    accept: AcceptQuote,
    channel: OrderChannel,
  ): Promise<CommandOutcome> {
    const accepted = await this.quote(meta, accept);
    const quote = await this.loadState(meta, quoteDecider, quoteStreamId(accept.data.quoteId));
    if (quote.status !== 'Accepted') return accepted;
    const opportunity = await this.visibleOpportunity(meta, quote.opportunityId);
    if (opportunity.status === 'Open') {
      await this.opportunity(meta, {
        type: 'WinOpportunity',
        data: { opportunityId: quote.opportunityId, now: accept.data.now },
      });
    }
    const orderId = uuidv5(`${meta.tenantId}\0quote-order\0${quote.quoteId}`, ID_NAMESPACE);
    const order = await this.loadState(meta, orderDecider, orderStreamId(orderId));
    if (order.status !== 'None') return { ...accepted, createdId: orderId };
    return this.order(
      meta,
      {
        type: 'PlaceOrder',
        data: {
          orderId,
          customerId: quote.customerId,
          opportunityId: quote.opportunityId,
          lines: quote.lines.map((line) => ({
            ...(line.sku === undefined ? {} : { sku: line.sku }),
            name: line.name,
            category: line.category,
            quantity: line.quantity,
            unitPriceMinor: netUnitPriceMinor(line),
          })),
          currency: quote.currency,
          channel,
          ownerId: quote.ownerId,
          teamId: quote.teamId,
          now: accept.data.now,
        },
      },
      orderId,
    );
  }

  /** An activity; one being scheduled about a lead, opportunity or quote needs it in the caller's scope. */
  async activity(
    meta: RequestMeta,
    command: ActivityCommand,
    createdId?: string,
  ): Promise<CommandOutcome> {
    if (command.type === 'ScheduleActivity')
      await this.assertSubjectVisible(meta, command.data.about);
    const { activityId } = command.data;
    return this.execute(
      meta,
      scopedDecider(meta.caller, activityDecider, 'activity', activityId, givesActivityOwner),
      activityStreamId(activityId),
      command,
      activityId,
      createdId,
    );
  }

  /** Customers live in the customers context: their ids are taken as given. */
  private async assertSubjectVisible(meta: RequestMeta, about: ActivitySubject): Promise<void> {
    if (about.kind === 'customer') return;
    const state =
      about.kind === 'lead'
        ? await this.loadState(meta, leadDecider, leadStreamId(about.id))
        : about.kind === 'opportunity'
          ? await this.loadState(meta, opportunityDecider, opportunityStreamId(about.id))
          : await this.loadState(meta, quoteDecider, quoteStreamId(about.id));
    if (state.status === 'None' || !isVisibleTo(meta.caller, state)) {
      throw new RecordNotFoundError(about.kind, about.id);
    }
  }

  /** A forecast: submitted by its owner, adjusted by a manager who sees the owner. */
  forecast(meta: RequestMeta, command: ForecastCommand): Promise<CommandOutcome> {
    const { forecastId } = command.data;
    return this.execute(
      meta,
      scopedDecider(meta.caller, forecastDecider, 'forecast', forecastId, givesNoOwner),
      forecastStreamId(forecastId),
      command,
      forecastId,
    );
  }

  /**
   * Erases a lead: sales.LeadErased, then its subject key is shredded (the erasure ledger records
   * it first). Retrying finishes an erasure whose shredding failed: the event decides nothing new
   * and shredding twice is a no-op.
   */
  async eraseLead(meta: RequestMeta, command: EraseLead): Promise<CommandOutcome> {
    if (!this.dataKeys)
      throw new Error('This sales application has no data key store to erase with');
    const outcome = await this.lead(meta, command);
    await this.leadEmails?.forget(meta.tenantId, command.data.leadId);
    await this.dataKeys.erase({ tenantId: meta.tenantId, subjectId: command.data.leadId });
    return outcome;
  }

  /** Captures the leads of an import, in order; those already captured by it are not again. */
  async importLeads(
    meta: RequestMeta,
    rows: readonly ImportedLead[],
  ): Promise<{
    leadIds: string[];
    captured: number;
    correlationId: string;
    globalPosition: number;
  }> {
    const leadIds: string[] = [];
    let captured = 0;
    let globalPosition = 0;
    for (const { capture, routing } of rows) {
      const { leadId } = capture.data;
      // One team stream routes every row: each row's routing step needs its own key.
      const keys = { capture: meta, steps: step(meta, `row:${leadId}`) };
      const outcome = await this.captureLead(meta, capture, leadId, routing, keys);
      leadIds.push(leadId);
      if (!outcome.replayed) captured += 1;
      globalPosition = Math.max(globalPosition, outcome.globalPosition);
    }
    return { leadIds, captured, correlationId: meta.correlationId, globalPosition };
  }

  /** An engagement of a lead the caller sees. */
  async recordLeadEngagement(
    meta: RequestMeta,
    command: RecordLeadEngagement,
  ): Promise<CommandOutcome> {
    await this.visibleLead(meta, command.data.leadId);
    const { leadId } = command.data;
    return this.execute(meta, leadScoreDecider, leadScoreStreamId(leadId), command, leadId);
  }

  /**
   * Scores a lead the caller sees with the tenant's model, its engagements and the won and lost
   * history of its pipeline (ADR 0480): the one named, else its team's default pipeline, else the
   * default pipeline.
   */
  async scoreLead(
    meta: RequestMeta,
    leadId: string,
    explicitPipelineId?: string,
  ): Promise<CommandOutcome> {
    if (explicitPipelineId !== undefined && !findPipeline(explicitPipelineId))
      throw new UnknownPipelineError(explicitPipelineId);
    const lead = await this.visibleLead(meta, leadId);
    const pipelineId = explicitPipelineId ?? (await this.teamPipelineOf(meta, lead.teamId));
    const streamOptions = { tenantId: meta.tenantId, maxCount: 1 };
    const [captured] = (await this.store.readStream(leadStreamId(leadId), streamOptions)).events;
    const model = await this.loadState(
      meta,
      leadScoringModelDecider,
      leadScoringModelStreamId(meta.tenantId),
    );
    const score = await this.loadState(meta, leadScoreDecider, leadScoreStreamId(leadId));
    const outcomes = await this.leadHistoryOf(meta.tenantId, pipelineId);
    const now = this.now();
    const result = scoreLead(
      model,
      leadAttributesOf((captured as unknown as LeadCaptured).data),
      score.engagements,
      { pipelineId, outcomes },
      now,
    );
    return this.execute(
      meta,
      leadScoreDecider,
      leadScoreStreamId(leadId),
      { type: 'RecordLeadScore', data: { leadId, result, now } },
      leadId,
    );
  }

  /**
   * The tenant's won/lost history for scoring: folded once and kept, then caught up with the log's
   * new events before each score (the global log is read gap-free, so nothing committed late is
   * skipped), instead of scanning the tenant's whole history for every lead. Catch-ups of one
   * tenant run one at a time.
   */
  private async leadHistoryOf(tenantId: string, pipelineId: string): Promise<LeadOutcome[]> {
    let history = this.leadHistories.get(tenantId);
    if (!history) {
      history = { fold: new LeadHistoryFold(), after: 0, caughtUp: Promise.resolve() };
      this.leadHistories.set(tenantId, history);
    }
    const kept = history;
    // A failed catch-up only fails its own score: the next one reads on from where that one stopped.
    kept.caughtUp = kept.caughtUp
      .catch(() => undefined)
      .then(async () => {
        for await (const event of this.store.readAll({
          after: kept.after,
          filter: { tenantIds: [tenantId], eventTypes: [...LEAD_HISTORY_EVENT_TYPES] },
        })) {
          kept.fold.apply(event);
          kept.after = event.globalPosition;
        }
      });
    await kept.caughtUp;
    return kept.fold.outcomes(pipelineId);
  }

  /** The pipeline a team works by default (ADR 0480); a lead with no team, the default pipeline. */
  private async teamPipelineOf(meta: RequestMeta, teamId: string | null): Promise<string> {
    const team = teamId === null ? undefined : await this.loadTeam(meta, teamId);
    return (
      (team?.status === 'Defined' ? team.pipelineId : undefined) ?? DEFAULT_PIPELINE.pipelineId
    );
  }

  /**
   * An internal note (ADR 0384) about a record the caller sees: it takes the record's owner and
   * team, so whoever sees the record sees its notes. Its text is stored encrypted under the
   * record's data subject's key (ADR 0400); a subject already erased refuses the note
   * (SUBJECT_ERASED, nothing written).
   */
  async addSalesNote(
    meta: RequestMeta,
    note: Pick<AddSalesNote['data'], 'noteId' | 'about' | 'text' | 'now'>,
  ): Promise<CommandOutcome> {
    const record = await this.noteSubject(meta, note.about);
    if (record.status === 'None' || !isVisibleTo(meta.caller, record))
      throw new RecordNotFoundError(note.about.kind, note.about.id);
    const { ownerId, teamId } = record;
    const authorId = actingUserIdOf(meta.caller);
    const dataSubjectId = await this.noteDataSubject(meta, note.about, record);
    // The command store's key cache may still hold a key the customers context shredded.
    const key = await this.indexes.notes?.keys.keyForDecryption({
      tenantId: meta.tenantId,
      subjectId: dataSubjectId,
    });
    if (key?.status === 'erased')
      throw new SubjectErasedError(meta.tenantId, dataSubjectId, key.erasedAt);
    return this.execute(
      meta,
      salesNoteDecider,
      noteStreamId(note.noteId),
      { type: 'AddSalesNote', data: { ...note, dataSubjectId, ownerId, teamId, authorId } },
      note.noteId,
      note.noteId,
    );
  }

  /**
   * The texts of notes the caller sees (ADR 0400), decrypted, or "[erased]" once their data
   * subject is erased. Read from the note streams through `noteTexts` (no key cache: an erasure
   * by another context shows at once). Removed, unknown and unseen notes are left out.
   */
  async salesNoteTexts(
    meta: RequestMeta,
    noteIds: readonly string[],
  ): Promise<{ readonly noteId: string; readonly text: string }[]> {
    const texts = await Promise.all(
      noteIds.map(async (noteId) => {
        const texts = this.indexes.notes?.texts ?? this.store;
        const { events } = await texts.readStream(noteStreamId(noteId), {
          tenantId: meta.tenantId,
        });
        const notes = events as unknown as readonly SalesNoteEvent[];
        const state = notes.reduce(
          (folded, event) => salesNoteDecider.evolve(folded, event),
          salesNoteDecider.initialState,
        );
        const added = notes.find((e) => e.type === 'sales.SalesNoteAdded');
        if (state.status !== 'Active' || !added || !isVisibleTo(meta.caller, state)) return [];
        return [{ noteId, text: added.data.text }];
      }),
    );
    return texts.flat();
  }

  /** Removes a note in the caller's scope: its author's, or any a manager or admin sees. */
  async removeSalesNote(meta: RequestMeta, command: RemoveSalesNote): Promise<CommandOutcome> {
    const { noteId } = command.data;
    const note = await this.loadState(meta, salesNoteDecider, noteStreamId(noteId));
    if (note.status === 'None' || !isVisibleTo(meta.caller, note))
      throw new RecordNotFoundError('note', noteId);
    const lead = meta.caller.roles.some((r) => r === Role.ADMIN || r === Role.SALES_MANAGER);
    if (!lead && note.authorId !== actingUserIdOf(meta.caller))
      throw new CallerNotAllowedError('Only its author, a manager or an admin removes a note.');
    return this.execute(meta, salesNoteDecider, noteStreamId(noteId), command, noteId);
  }

  /** The state of the record a note is about (any sales record with an owner and team). */
  private noteSubject(meta: RequestMeta, { kind, id }: NoteSubject) {
    switch (kind) {
      case 'lead':
        return this.loadState(meta, leadDecider, leadStreamId(id));
      case 'opportunity':
        return this.loadState(meta, opportunityDecider, opportunityStreamId(id));
      case 'quote':
        return this.loadState(meta, quoteDecider, quoteStreamId(id));
      case 'activity':
        return this.loadState(meta, activityDecider, activityStreamId(id));
      case 'order':
        return this.loadState(meta, orderDecider, orderStreamId(id));
      case 'contract':
        return this.loadState(meta, contractDecider, contractStreamId(id));
    }
  }

  /**
   * Whose personal data a note's text is (ADR 0400): the lead's own subject for a lead, the
   * customer of a deal, quote, order or contract, and for an activity the subject of the record it
   * is about.
   */
  private async noteDataSubject(
    meta: RequestMeta,
    about: NoteSubject | ActivitySubject,
    record: Awaited<ReturnType<SalesApplication['noteSubject']>>,
  ): Promise<string> {
    if (about.kind === 'lead' || about.kind === 'customer') return about.id;
    if ('customerId' in record) return record.customerId;
    if ('about' in record) {
      const { kind, id } = record.about;
      if (kind === 'lead' || kind === 'customer') return id;
      const deal: NoteSubject = { kind, id };
      return this.noteDataSubject(meta, deal, await this.noteSubject(meta, deal));
    }
    throw new RecordNotFoundError(about.kind, about.id);
  }

  /** A new version of the tenant's quote approval policy (ADR 0382). */
  defineQuoteApprovalPolicy(
    meta: RequestMeta,
    command: DefineQuoteApprovalPolicy,
  ): Promise<CommandOutcome> {
    return this.execute(
      meta,
      quoteApprovalPolicyDecider,
      quoteApprovalPolicyStreamId(meta.tenantId),
      command,
      meta.tenantId,
    );
  }

  /** The caller's tenant's quote approval policy in force and when it was defined (ADR 0441). */
  quoteApprovalPolicy(meta: RequestMeta): Promise<QuoteApprovalPolicyInForce> {
    return this.loadState(
      meta,
      quoteApprovalPolicyInForce,
      quoteApprovalPolicyStreamId(meta.tenantId),
    );
  }

  /** The tenant's quote approval policy in force (version 0: the default). */
  private approvalPolicy(meta: RequestMeta): Promise<TenantQuoteApprovalPolicy> {
    return this.loadState(
      meta,
      quoteApprovalPolicyDecider,
      quoteApprovalPolicyStreamId(meta.tenantId),
    );
  }

  /** A new version of the tenant's scoring model. */
  defineLeadScoringModel(
    meta: RequestMeta,
    command: DefineLeadScoringModel,
  ): Promise<CommandOutcome> {
    return this.execute(
      meta,
      leadScoringModelDecider,
      leadScoringModelStreamId(meta.tenantId),
      command,
      meta.tenantId,
    );
  }

  /** The contract of an accepted quote the caller sees (one per quote: its id derives from it). */
  async startContract(meta: RequestMeta, terms: ContractTerms): Promise<CommandOutcome> {
    const quote = await this.loadState(meta, quoteDecider, quoteStreamId(terms.quoteId));
    if (quote.status === 'None' || !isVisibleTo(meta.caller, quote)) {
      throw new RecordNotFoundError('quote', terms.quoteId);
    }
    if (quote.status !== 'Accepted') {
      throw new InvalidTransitionError('quote', quote.status, 'made a contract');
    }
    const contractId = uuidv5(`${meta.tenantId}\0quote-contract\0${quote.quoteId}`, ID_NAMESPACE);
    const { opportunityId, customerId, currency, amountMinor, ownerId, teamId } = quote;
    return this.contract(
      meta,
      {
        type: 'StartContract',
        data: {
          ...terms,
          contractId,
          opportunityId,
          customerId,
          currency,
          amountMinor,
          ownerId,
          teamId,
        },
      },
      contractId,
    );
  }

  contract(
    meta: RequestMeta,
    command: ContractCommand,
    createdId?: string,
  ): Promise<CommandOutcome> {
    const { contractId } = command.data;
    return this.execute(
      meta,
      scopedDecider(meta.caller, contractDecider, 'contract', contractId, givesNoOwner),
      contractStreamId(contractId),
      command,
      contractId,
      createdId,
    );
  }

  /**
   * The renewal timer of the term ending at `endsAt`: sales.ContractRenewalDue names the renewal
   * opportunity (id derived from the contract and the term), which is then opened for the
   * contract's customer, amount and owner, expected to close at the end. A crash between the two
   * steps is repaired by the timer's retry: what is done decides nothing.
   */
  async contractRenewalDue(meta: RequestMeta, contractId: string, endsAt: string): Promise<void> {
    const renewalOpportunityId = uuidv5(
      `${meta.tenantId}\0contract-renewal\0${contractId}\0${endsAt}`,
      ID_NAMESPACE,
    );
    const now = this.now();
    await this.contract(meta, {
      type: 'MarkContractRenewalDue',
      data: { contractId, endsAt, renewalOpportunityId, now },
    });
    const contract = await this.loadState(meta, contractDecider, contractStreamId(contractId));
    if (contract.status === 'None' || contract.renewalOpportunityId !== renewalOpportunityId)
      return;
    const opportunity = await this.loadState(
      meta,
      opportunityDecider,
      opportunityStreamId(renewalOpportunityId),
    );
    if (opportunity.status !== 'None') return;
    await this.opportunity(
      meta,
      {
        type: 'OpenOpportunity',
        data: {
          opportunityId: renewalOpportunityId,
          name: `Renewal of contract ${contractId}`.slice(0, SALES_LIMITS.name),
          customerId: contract.customerId,
          pipelineId: DEFAULT_PIPELINE.pipelineId,
          amountMinor: contract.amountMinor,
          currency: contract.currency,
          expectedCloseOn: contract.endsAt.slice(0, 10),
          ownerId: contract.ownerId,
          teamId: contract.teamId,
          now,
        },
      },
      renewalOpportunityId,
    );
  }

  /** An owner's quota for a period, set by a manager who may give that owner (admins: any). */
  setQuota(meta: RequestMeta, command: SetQuota): Promise<CommandOutcome> {
    const { quotaId } = command.data;
    return this.execute(
      meta,
      scopedDecider(meta.caller, quotaDecider, 'quota', quotaId, givesQuotaOwner),
      quotaStreamId(quotaId),
      command,
      quotaId,
    );
  }

  /**
   * The pipeline, quotas and forecast submissions of the tenant as they stood at `asOf`, replayed
   * from the store's log (every event decided at or before the instant), in the caller's scope.
   */
  async pipelineAsOf(
    meta: RequestMeta,
    asOf: string,
    period?: string,
  ): Promise<PipelineAsOf & { globalPosition: number }> {
    const fold = await this.foldPipelineAsOf(meta.tenantId, Date.parse(asOf));
    const { globalPosition } = fold;
    const visible = (o: SalesOwnership) => isVisibleTo(meta.caller, { status: 'Set', ...o });
    const result = fold.fold.result();
    const inPeriod = (p: { period: string }) => period === undefined || p.period === period;
    return {
      opportunities: result.opportunities.filter(visible),
      quotas: result.quotas.filter((q) => inPeriod(q) && visible(q)),
      submissions: result.submissions.filter((s) => inPeriod(s) && visible(s)),
      globalPosition,
    };
  }

  /**
   * The tenant's pipeline events decided at or before `until` (ms), folded in log order: from the
   * newest positional snapshot usable for `until`, then the events after it (ADR 0326). When the
   * fold went far enough past its start without meeting an event after `until`, the state at the
   * last such event is stored as the next snapshot.
   */
  private async foldPipelineAsOf(tenantId: string, until: number) {
    const snapshots = this.indexes.pipelineSnapshots;
    const base = await snapshots?.latestCovering(tenantId, until);
    const fold = base ? PipelineAsOfFold.fromSnapshot(base.state) : new PipelineAsOfFold();
    // Snapshots grow apart geometrically, so a tenant keeps a few dozen at most.
    const every = this.indexes.pipelineSnapshotEvery ?? 5_000;
    const spacing = Math.max(every, Math.floor((base?.events ?? 0) / 4));
    let globalPosition = base?.position ?? 0;
    let coversUntil = base?.coversUntil ?? 0;
    let folded = 0;
    let next: StoredPipelineSnapshot | undefined;
    let cut = false;
    const take = () => {
      if (snapshots && !cut && folded >= spacing) {
        const events = (base?.events ?? 0) + folded;
        next = { position: globalPosition, coversUntil, events, state: fold.snapshot() };
      }
      cut = true;
    };
    for await (const event of this.store.readAll({
      after: globalPosition,
      filter: { tenantIds: [tenantId], eventTypes: [...PIPELINE_AS_OF_EVENT_TYPES] },
      batchSize: 5_000,
    })) {
      const at = Date.parse(event.occurredAt);
      if (at > until) {
        take();
        continue;
      }
      fold.apply({ type: event.type, data: event.data } as PipelineAsOfEvent);
      globalPosition = event.globalPosition;
      if (!cut) {
        folded += 1;
        coversUntil = Math.max(coversUntil, at);
      }
    }
    take();
    if (next) {
      await snapshots?.save(tenantId, next).catch((error: unknown) => {
        this.indexes.onSnapshotError?.(error);
      });
    }
    return { fold, globalPosition };
  }

  /** A message of the inbound leads topic, kept once per message id (its lead id derives from it). */
  receiveInboundLead(meta: RequestMeta, command: ReceiveInboundLead): Promise<CommandOutcome> {
    const { leadId } = command.data;
    return this.execute(meta, inboundLeadDecider, inboundLeadStreamId(leadId), command, leadId);
  }

  /**
   * Captures an inbound lead, flags it when an earlier lead of the tenant has the same e-mail, and
   * routes it through its team (assigned by the team's strategy, or the reason nobody could take
   * it). Each step has its own key derived from the request's, so a retry redoes only what is missing.
   */
  async captureInboundLead(meta: RequestMeta, request: InboundCaptureRequest): Promise<void> {
    const { capture, ...routing } = request;
    const keys = { capture: step(meta, 'capture'), steps: meta };
    await this.captureLead(meta, capture, capture.data.leadId, routing, keys);
  }

  /**
   * Captures a lead (API, import, inbound topic), then flags it when an earlier live lead of the
   * tenant has the same e-mail (sales.LeadDuplicateDetected: it is captured either way) and when a
   * customer of the customers context has its e-mail or phone (sales.LeadCustomerMatched), then,
   * when `routing` names a team, routes it through the team's strategy (the sticky strategy gives
   * it to the rep of that earlier lead). `keys` say which idempotency key the capture is decided
   * under and which one the next steps' keys derive from (an inbound message, an import row).
   */
  async captureLead(
    meta: RequestMeta,
    capture: CaptureLead,
    createdId?: string,
    routing?: LeadRouting,
    keys: { readonly capture: RequestMeta; readonly steps: RequestMeta } = {
      capture: meta,
      steps: meta,
    },
  ): Promise<CommandOutcome> {
    // A routed lead is nobody's yet: the router flags and assigns it, not the person capturing.
    const stepsMeta = routing ? routerMeta(keys.steps) : keys.steps;
    const captured = await this.lead(keys.capture, capture, createdId);
    const { leadId, contact, now } = capture.data;
    let globalPosition = captured.globalPosition;
    const earlier = await this.earlierLiveLead(meta, leadId, contact.email);
    if (earlier !== undefined) {
      const flagged = await this.lead(step(stepsMeta, 'duplicate'), {
        type: 'FlagLeadDuplicate',
        data: {
          leadId,
          duplicateOfLeadId: earlier.leadId,
          ...(earlier.customerId === undefined ? {} : { customerId: earlier.customerId }),
          now,
        },
      });
      globalPosition = Math.max(globalPosition, flagged.globalPosition);
    }
    const [customer] =
      (await this.indexes.customerContacts?.customersFor(meta.tenantId, contactKeys(contact), 1)) ??
      [];
    if (customer !== undefined) {
      const { customerId, matchedOn } = customer;
      const matched = await this.lead(step(stepsMeta, 'customer'), {
        type: 'FlagLeadCustomerMatch',
        data: { leadId, customerId, matchedOn, now },
      });
      globalPosition = Math.max(globalPosition, matched.globalPosition);
    }
    if (routing !== undefined) {
      // Sticky: the rep of the earlier lead, else the owner of the known customer.
      const known = earlier?.ownerId ?? customer?.ownerId;
      const routed = await this.routeLead(stepsMeta, leadId, routing, now, known);
      globalPosition = Math.max(globalPosition, routed);
    }
    // The capture's answer, readable once the flag and the assignment are too (read your own writes).
    return { ...captured, globalPosition };
  }

  /**
   * The first earlier live lead of the tenant with the same e-mail (keyed digest), if any, with the
   * customer it was converted into: a known customer, as far as sales has met them.
   */
  private async earlierLiveLead(meta: RequestMeta, leadId: string, email: string | undefined) {
    if (!email || !this.leadEmails) return undefined;
    for (const id of await this.leadEmails.record(meta.tenantId, email, leadId)) {
      const lead = await this.loadState(meta, leadDecider, leadStreamId(id));
      if (lead.status === 'None' || lead.status === 'Erased') continue;
      const customerId = lead.status === 'Converted' ? lead.customerId : undefined;
      return { leadId: id, ownerId: lead.ownerId, customerId };
    }
    return undefined;
  }

  /**
   * Routes a lead through its team's strategy, then assigns it or records why nobody could, under
   * the router's identity; answers the position of the last event written.
   */
  private async routeLead(
    requestMeta: RequestMeta,
    leadId: string,
    { teamId, fields }: LeadRouting,
    now: string,
    knownOwnerId: string | undefined,
  ): Promise<number> {
    const meta = routerMeta(requestMeta);
    const before = await this.loadTeam(meta, teamId);
    if (before.status === 'None') {
      const failed = await this.lead(step(meta, 'assign'), {
        type: 'RecordLeadAssignmentFailure',
        data: { leadId, teamId, strategy: 'round_robin', reason: 'no_reps_in_team', now },
      });
      return failed.globalPosition;
    }
    const route = {
      type: 'RouteLead' as const,
      data: { teamId, leadId, fields, ...(knownOwnerId ? { knownOwnerId } : {}), now },
    };
    await this.executeOnTeam(step(meta, 'route'), route);
    const team = await this.loadTeam(meta, teamId);
    const outcome = team.status === 'Defined' ? team.routed.get(leadId) : undefined;
    if (team.status === 'None' || outcome === undefined) return 0;
    const assigned = await this.lead(
      step(meta, 'assign'),
      outcome.repId === null
        ? {
            type: 'RecordLeadAssignmentFailure',
            data: { leadId, teamId, strategy: team.strategy, reason: outcome.failureReason, now },
          }
        : {
            type: 'AssignLead',
            data: { leadId, ownerId: outcome.repId, teamId, strategy: team.strategy, now },
          },
    );
    return assigned.globalPosition;
  }

  /**
   * Takes a closed lead off the load of the rep its team routed it to (ADR 0443), or a lead a
   * person assigned to `reassignedTo` (ADR 0482) unless that is the routed rep again; a lead no
   * team routed, or already released, changes nothing. The team is the one that routed the lead
   * (a manual assignment may have moved it to another team). Erased leads are read too.
   */
  async releaseLead(
    meta: RequestMeta,
    leadId: string,
    reason: LeadReleaseReason,
    reassignedTo?: string,
  ): Promise<CommandOutcome | undefined> {
    const { events } = await this.store.readStream(leadStreamId(leadId), {
      tenantId: meta.tenantId,
    });
    const routed = (events as unknown as readonly LeadEvent[]).find(
      (e) => e.type === 'sales.LeadAssigned' && e.data.strategy !== 'manual',
    );
    if (routed?.type !== 'sales.LeadAssigned' || routed.data.teamId === null) return undefined;
    if (reason === 'reassigned' && reassignedTo === routed.data.ownerId) return undefined;
    return this.executeOnTeam(meta, {
      type: 'ReleaseLead',
      data: { teamId: routed.data.teamId, leadId, reason, now: this.now() },
    });
  }

  /** A team's roster and strategy: managers define their own team's, admins any. */
  defineSalesTeam(meta: RequestMeta, command: DefineSalesTeam): Promise<CommandOutcome> {
    assertOwnerAssignment(meta.caller, { ownerId: null, teamId: command.data.teamId });
    return this.executeOnTeam(meta, command);
  }

  /**
   * A team's state: kept in process and brought up to date by the events since; the first time,
   * its newest snapshot and the events after it (a full replay without snapshots).
   */
  private async loadTeam(meta: RequestMeta, teamId: string): Promise<SalesTeamState> {
    try {
      const loaded = await this.teamStates.load(salesTeamStreamId(teamId), meta);
      return loaded.state;
    } catch (error) {
      if (error instanceof TenantMismatchError) return salesTeamDecider.initialState;
      throw error;
    }
  }

  private executeOnTeam(
    meta: RequestMeta,
    command: Parameters<typeof salesTeamDecider.decide>[0],
  ): Promise<CommandOutcome> {
    const { teamId } = command.data;
    const loading = {
      store: this.teamSnapshotter?.observe(this.store) ?? this.store,
      loadState: this.teamStates.loadState,
    };
    return this.execute(
      meta,
      salesTeamDecider,
      salesTeamStreamId(teamId),
      command,
      teamId,
      undefined,
      loading,
    );
  }

  private async visibleLead(meta: RequestMeta, leadId: string) {
    const lead = await this.loadState(meta, leadDecider, leadStreamId(leadId));
    if (lead.status === 'None' || !isVisibleTo(meta.caller, lead)) {
      throw new RecordNotFoundError('lead', leadId);
    }
    return lead;
  }

  /** Owner and team of an opportunity the caller may see (for an order placed from it). */
  async opportunityOwnership(meta: RequestMeta, opportunityId: string): Promise<SalesOwnership> {
    const state = await this.visibleOpportunity(meta, opportunityId);
    if (state.status === 'None') throw new RecordNotFoundError('opportunity', opportunityId);
    return { ownerId: state.ownerId, teamId: state.teamId };
  }

  /**
   * Converts a lead, then opens its opportunity with the lead's owner and team. A crash between
   * the two is repaired by sending the same request again: the conversion is then already in
   * effect (nothing decided) and the opportunity is opened. A customer the customers context
   * erased is refused (SUBJECT_ERASED, nothing written, ADR 0481): the lead would keep the erased
   * person's contact linked to them.
   */
  async convertLead(
    meta: RequestMeta,
    convert: ConvertLead['data'],
    open: Omit<OpenOpportunity['data'], 'ownerId' | 'teamId' | 'leadId'>,
  ): Promise<CommandOutcome> {
    const lead = await this.loadState(meta, leadDecider, leadStreamId(convert.leadId));
    if (lead.status === 'None' || !isVisibleTo(meta.caller, lead)) {
      throw new RecordNotFoundError('lead', convert.leadId);
    }
    const erasedAt = await customerErasedAt(this.store, meta.tenantId, convert.customerId);
    if (erasedAt) throw new SubjectErasedError(meta.tenantId, convert.customerId, erasedAt);
    await this.lead(meta, { type: 'ConvertLead', data: convert });
    return this.opportunity(
      meta,
      {
        type: 'OpenOpportunity',
        data: { ...open, leadId: convert.leadId, ownerId: lead.ownerId, teamId: lead.teamId },
      },
      open.opportunityId,
    );
  }

  /**
   * What the gateway registers or links the customer of a lead from before it converts it (ADR
   * 0380): the lead's contact as captured (decrypted; an erased lead is NOT_FOUND), its owner and
   * team, and the customer it is already linked to (converted into, or matched on capture).
   */
  async leadConversionSource(meta: RequestMeta, leadId: string): Promise<LeadConversionSource> {
    const lead = await this.loadState(meta, leadDecider, leadStreamId(leadId));
    if (lead.status === 'None' || lead.status === 'Erased' || !isVisibleTo(meta.caller, lead)) {
      throw new RecordNotFoundError('lead', leadId);
    }
    if (lead.status === 'Disqualified')
      throw new InvalidTransitionError('lead', lead.status, 'converted');
    const { events } = await this.store.readStream(leadStreamId(leadId), {
      tenantId: meta.tenantId,
    });
    let source: Omit<LeadConversionSource, 'convertedCustomerId'> | undefined;
    for (const event of events as unknown as readonly LeadEvent[]) {
      if (event.type === 'sales.LeadCaptured') {
        const { contact, companyName } = event.data;
        const { ownerId, teamId } = lead;
        source = { leadId, source: event.data.source, contact, companyName, ownerId, teamId };
      } else if (event.type === 'sales.LeadCustomerMatched' && source) {
        // A customer erased since (ADR 0481) is not linked again: the conversion registers one.
        const { customerId } = event.data;
        if (!(await customerErasedAt(this.store, meta.tenantId, customerId)))
          source = { ...source, matchedCustomerId: customerId };
      }
    }
    if (!source) throw new RecordNotFoundError('lead', leadId);
    return lead.status === 'Converted'
      ? { ...source, convertedCustomerId: lead.customerId }
      : source;
  }

  private async visibleOpportunity(meta: RequestMeta, opportunityId: string) {
    const state = await this.loadState(
      meta,
      opportunityDecider,
      opportunityStreamId(opportunityId),
    );
    if (state.status !== 'None' && !isVisibleTo(meta.caller, state)) {
      throw new RecordNotFoundError('opportunity', opportunityId);
    }
    return state;
  }

  private loadState<S, E>(
    meta: RequestMeta,
    decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>,
    streamId: string,
  ): Promise<S> {
    return loadStateForTenant(this.store, decider, streamId, meta.tenantId);
  }

  private execute<S, C extends { type: string; data: object }, E extends DomainEvent>(
    meta: RequestMeta,
    decider: Decider<S, C, E>,
    streamId: string,
    command: C,
    aggregateId: string,
    createdId?: string,
    /** How the handler reads and appends when not straight from the store (snapshots). */
    loading?: { readonly store: EventStore; readonly loadState: StateLoader<S> },
  ): Promise<CommandOutcome> {
    const handler = new CommandHandler({
      decider,
      store: loading?.store ?? this.store,
      ...(loading ? { loadState: loading.loadState } : {}),
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      fingerprint,
    });
    return executeCommand({
      handler,
      store: this.store,
      meta,
      streamId,
      command,
      aggregateId,
      ...(createdId !== undefined ? { createdId } : {}),
      idempotencyScope: `sales:${command.type}:${aggregateId}`,
      notFound: () => new RecordNotFoundError(aggregateKind(streamId), aggregateId),
    });
  }
}

function aggregateKind(streamId: string): SalesAggregate {
  if (streamId.startsWith('sales.Lead') || streamId.startsWith('sales.InboundLead-')) return 'lead'; // Lead, LeadScore, LeadScoringModel, InboundLead
  if (streamId.startsWith('sales.Opportunity-')) return 'opportunity';
  if (streamId.startsWith('sales.Quote-')) return 'quote';
  if (streamId.startsWith('sales.Activity-')) return 'activity';
  if (streamId.startsWith('sales.Forecast-')) return 'forecast';
  if (streamId.startsWith('sales.Contract-')) return 'contract';
  if (streamId.startsWith('sales.Quota-')) return 'quota';
  if (streamId.startsWith('sales.SalesTeam-')) return 'team';
  if (streamId.startsWith('sales.Note-')) return 'note';
  return 'order';
}
