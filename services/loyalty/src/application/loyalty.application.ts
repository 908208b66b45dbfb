// The Loyalty application: loads an aggregate, decides and appends through @crm/event-sourcing's
// command handler (optimistic concurrency with bounded retries, idempotency keys → first result),
// and answers with the global position of what it appended (read your own writes). Every command
// is stamped with the injected clock; the program definition is loaded for the commands that need it.
import { randomBytes } from 'node:crypto';
import type { ServiceCaller } from '@crm/access-policy';
import {
  AggregateSnapshotter,
  CommandHandler,
  TenantMismatchError,
  loadAggregate,
  type EventStore,
  type RuntimeDependencies,
  type SnapshotStore,
} from '@crm/event-sourcing';
import {
  commandMetadata,
  commandOutcome,
  executeCommand,
  fingerprintWithout,
  type CommandOutcome,
  type RequestMeta,
} from '@crm/grpc-service';
import {
  LOYALTY_LIMITS,
  MEMBER_STATE_SCHEMA_VERSION,
  MemberNotEnrolledError,
  ProgramNotDefinedError,
  ReferralCodeNotFoundError,
  ReferralCodeTakenError,
  lotExpiry,
  orderReturned,
  referralRewardDueAt,
  memberAsOf,
  memberDecider,
  memberSnapshotCodec,
  memberStreamId,
  programDecider,
  programStreamId,
  referralCodeDecider,
  referralCodeFrom,
  referralCodeStreamId,
  verifyLedger,
  type EarningOrder,
  type LedgerReport,
  type MemberAsOf,
  type MemberCommand,
  type MemberEvent,
  type MemberState,
  type ProgramDefinition,
  type ReferralFlag,
} from '@crm/loyalty-domain';

export type { CommandOutcome, RequestMeta } from '@crm/grpc-service';

type Distribute<C> = C extends { type: infer T; data: infer D }
  ? { type: T; data: Omit<D, 'at' | 'memberId'> }
  : never;
/** A member command as the edge builds it: the application adds the member id and the instant. */
export type MemberRequest = Distribute<
  Exclude<
    MemberCommand,
    {
      type:
        | 'EarnForOrder'
        | 'AdjustPoints'
        | 'ReviewTier'
        | 'IssueReferralCode'
        | 'RecordReferral'
        | 'CreditReferralReward';
    }
  >
>;

/** Member snapshots (ADR 0223): where they are kept and every how many events one is taken. */
export interface MemberSnapshots {
  readonly store: SnapshotStore;
  readonly everyNEvents: number;
  readonly onError?: (error: unknown, context: { streamId: string; phase: string }) => void;
}

export class LoyaltyApplication {
  private readonly programs: CommandHandler<
    Parameters<typeof programDecider.evolve>[0],
    Parameters<typeof programDecider.decide>[0],
    Parameters<typeof programDecider.evolve>[1]
  >;
  private readonly referralCodes: CommandHandler<
    Parameters<typeof referralCodeDecider.evolve>[0],
    Parameters<typeof referralCodeDecider.decide>[0],
    Parameters<typeof referralCodeDecider.evolve>[1]
  >;
  private readonly members: CommandHandler<
    Parameters<typeof memberDecider.evolve>[0],
    MemberCommand,
    MemberEvent
  >;
  /** The programs read per order, kept `programCacheMs` (ADR 0302). */
  private readonly programCache: ProgramCache;
  /** Loads a member from its newest snapshot and the events after it (a full replay without). */
  private readonly memberSnapshotter: AggregateSnapshotter<MemberState, MemberEvent> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    maxRetries: number,
    snapshots?: MemberSnapshots,
    programCacheMs = DEFAULT_PROGRAM_CACHE_MS,
    /** 0: read every member from the store on every command (benchmarks' baseline). */
    recentMembers = DEFAULT_RECENT_MEMBERS,
  ) {
    this.programCache = new ProgramCache(programCacheMs);
    const fingerprint = requestFingerprint;
    this.programs = new CommandHandler({
      decider: programDecider,
      store,
      runtime,
      maxRetries,
      fingerprint,
    });
    this.referralCodes = new CommandHandler({
      decider: referralCodeDecider,
      store,
      runtime,
      maxRetries,
      fingerprint,
    });
    this.memberSnapshotter = snapshots
      ? new AggregateSnapshotter<MemberState, MemberEvent>({
          events: store,
          snapshots: snapshots.store,
          decider: memberDecider,
          stateSchemaVersion: MEMBER_STATE_SCHEMA_VERSION,
          everyNEvents: snapshots.everyNEvents,
          codec: memberSnapshotCodec,
          now: () => runtime.now(),
          ...(snapshots.onError ? { onError: snapshots.onError } : {}),
        })
      : undefined;
    this.members = new CommandHandler({
      decider: memberDecider,
      // Appends through the snapshotter's view schedule a snapshot every N events.
      store: this.memberSnapshotter ? this.memberSnapshotter.observe(store) : store,
      ...(this.memberSnapshotter ? { loadState: this.memberSnapshotter.loadState } : {}),
      runtime,
      maxRetries,
      fingerprint,
      // A member's next order is decided on the state its last one left (ADR 0350): members
      // hold no personal data, and the append's expected version catches other replicas.
      ...(recentMembers > 0 ? { recentStates: { maxStreams: recentMembers } } : {}),
    });
  }

  /** Resolves when the member snapshots being written have been (tests, shutdown, benchmarks). */
  async snapshotsWritten(): Promise<void> {
    await this.memberSnapshotter?.whenIdle();
  }

  private now(): string {
    return this.runtime.now().toISOString();
  }

  async defineProgram(meta: RequestMeta, definition: ProgramDefinition): Promise<CommandOutcome> {
    const streamId = programStreamId(meta.tenantId);
    try {
      const result = await this.programs.handle(
        streamId,
        { type: 'DefineProgram', data: { definition, at: this.now() } },
        commandMetadata(meta),
      );
      return commandOutcome(this.store, meta, meta.tenantId, result);
    } finally {
      // This process's next earn reads the new program at once (other replicas within the TTL).
      this.programCache.forget(meta.tenantId);
    }
  }

  /** The tenant's program, or undefined before it is defined (cached briefly: read per order). */
  program(tenantId: string): Promise<ProgramDefinition | undefined> {
    return this.programCache.get(tenantId, async () => {
      const loaded = await loadAggregate(this.store, programDecider, programStreamId(tenantId), {
        tenantId,
      });
      return loaded.state.status === 'defined' ? loaded.state.definition : undefined;
    });
  }

  private async requireProgram(tenantId: string): Promise<ProgramDefinition> {
    const program = await this.program(tenantId);
    if (!program) throw new ProgramNotDefinedError();
    return program;
  }

  /** Runs a member command that needs nothing but the member id and the instant (default: now). */
  member(
    meta: RequestMeta,
    memberId: string,
    request: MemberRequest,
    at = this.now(),
  ): Promise<CommandOutcome> {
    return this.runMember(meta, memberId, {
      type: request.type,
      data: { ...request.data, memberId, at },
    } as MemberCommand);
  }

  /** Enrols a newly registered customer when the program says so; undefined when it does not. */
  async autoEnrol(
    meta: RequestMeta,
    memberId: string,
    registeredAt: string,
  ): Promise<CommandOutcome | undefined> {
    const program = await this.program(meta.tenantId);
    if (!program?.autoEnrol) return undefined;
    return this.member(
      meta,
      memberId,
      { type: 'EnrolMember', data: { source: 'automatic' } },
      registeredAt,
    );
  }

  /** Takes back an order's points: a refund in proportion to its amount, a cancellation entirely. */
  reverse(
    meta: RequestMeta,
    memberId: string,
    orderId: string,
    refundedMinor?: number,
  ): Promise<CommandOutcome> {
    return this.member(meta, memberId, {
      type: 'ReverseOrderPoints',
      data: { orderId, ...(refundedMinor === undefined ? {} : { refundedMinor }) },
    });
  }

  async earn(meta: RequestMeta, memberId: string, order: EarningOrder): Promise<CommandOutcome> {
    const program = await this.requireProgram(meta.tenantId);
    return this.runMember(meta, memberId, {
      type: 'EarnForOrder',
      data: { memberId, order, program, at: this.now() },
    });
  }

  async adjust(
    meta: RequestMeta,
    memberId: string,
    adjustment: { adjustmentId: string; points: number; reason: string; expiresAt?: string },
  ): Promise<CommandOutcome> {
    const program = await this.requireProgram(meta.tenantId);
    return this.runMember(meta, memberId, {
      type: 'AdjustPoints',
      data: {
        memberId,
        ...adjustment,
        requestedBy: actorId(meta.caller),
        approvalThreshold: program.adjustmentApprovalThreshold,
        at: this.now(),
      },
    });
  }

  /** The tier review a timer fires: retain, start the grace period, or downgrade. */
  async reviewTier(meta: RequestMeta, memberId: string): Promise<CommandOutcome> {
    const program = await this.requireProgram(meta.tenantId);
    return this.runMember(meta, memberId, {
      type: 'ReviewTier',
      data: { memberId, program, at: this.now() },
    });
  }

  approve(meta: RequestMeta, memberId: string, adjustmentId: string): Promise<CommandOutcome> {
    return this.member(meta, memberId, {
      type: 'ApproveAdjustment',
      data: { adjustmentId, approvedBy: actorId(meta.caller) },
    });
  }

  /** The member's events, in order (tenant-checked: another tenant's member reads as not enrolled). */
  async memberEvents(tenantId: string, memberId: string): Promise<MemberEvent[]> {
    try {
      const read = await this.store.readStream(memberStreamId(memberId), { tenantId });
      return read.events.map((e) => ({ type: e.type, data: e.data }) as MemberEvent);
    } catch (error) {
      if (error instanceof TenantMismatchError) throw new MemberNotEnrolledError(memberId);
      throw error;
    }
  }

  async verify(meta: RequestMeta, memberId: string): Promise<LedgerReport> {
    const events = await this.memberEvents(meta.tenantId, memberId);
    if (events.length === 0) throw new MemberNotEnrolledError(memberId);
    return verifyLedger(events);
  }

  /**
   * The member's referral code: the one already issued, or a new random code claimed in its own
   * stream first (a clash draws another) and then recorded on the member.
   */
  async issueReferralCode(
    meta: RequestMeta,
    memberId: string,
  ): Promise<{ code: string; outcome: CommandOutcome }> {
    const state = await this.memberState(meta.tenantId, memberId);
    const issued = state.referralCode;
    const code = issued ?? (await this.claimReferralCode(meta, memberId));
    const outcome = await this.runMember(meta, memberId, {
      type: 'IssueReferralCode',
      data: { memberId, code, at: this.now() },
    });
    // A concurrent issue may have won: the member's recorded code is the one that counts.
    const recorded = (await this.memberState(meta.tenantId, memberId)).referralCode ?? code;
    return { code: recorded, outcome };
  }

  private async claimReferralCode(meta: RequestMeta, memberId: string): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      const code = referralCodeFrom(randomBytes(8));
      try {
        await this.referralCodes.handle(
          referralCodeStreamId(code),
          { type: 'ClaimReferralCode', data: { code, memberId, at: this.now() } },
          { ...commandMetadata(meta), idempotencyKey: undefined },
        );
        return code;
      } catch (error) {
        if (!(error instanceof ReferralCodeTakenError || error instanceof TenantMismatchError))
          throw error;
        if (attempt >= 4) throw error;
      }
    }
  }

  /** Who owns a referral code in this tenant. */
  private async referrerOf(tenantId: string, code: string): Promise<string> {
    try {
      const loaded = await loadAggregate(
        this.store,
        referralCodeDecider,
        referralCodeStreamId(code),
        { tenantId },
      );
      if (loaded.state.status === 'claimed') return loaded.state.memberId;
    } catch (error) {
      if (!(error instanceof TenantMismatchError)) throw error;
    }
    throw new ReferralCodeNotFoundError(code);
  }

  /**
   * Records that the owner of `code` referred the new member `refereeId`. Contacts the caller found
   * shared between the two flag the referral, when they were compared with the code's real owner.
   */
  async recordReferral(
    meta: RequestMeta,
    refereeId: string,
    code: string,
    contacts: { sharedContacts: readonly ReferralFlag[]; checkedAgainst: string } = {
      sharedContacts: [],
      checkedAgainst: '',
    },
  ): Promise<CommandOutcome> {
    const referrerId = await this.referrerOf(meta.tenantId, code);
    const shared = contacts.checkedAgainst === referrerId ? contacts.sharedContacts : [];
    return this.runMember(meta, refereeId, {
      type: 'RecordReferral',
      data: {
        memberId: refereeId,
        referrerId,
        code,
        ...(shared.length > 0 ? { sharedContacts: shared } : {}),
        at: this.now(),
      },
    });
  }

  /**
   * After an order earned: when it is a referred member's first order, credits the referee, then
   * the referrer. Each side is credited once (decided on its own account), so a redelivery after
   * a crash between the two credits completes the second one. With a return window in the program
   * nothing is credited before it has passed: the answer is then the instant the reward is due (the
   * caller schedules it), and at that instant a first order returned in full rewards nobody.
   */
  async rewardReferral(
    meta: RequestMeta,
    memberId: string,
    orderId: string,
  ): Promise<{ readonly dueAt: string } | undefined> {
    const program = await this.program(meta.tenantId);
    if (!program?.referralReward) return undefined;
    const referee = await this.memberState(meta.tenantId, memberId);
    const referral = referee.referredBy;
    const firstOrder = referee.orders.get(orderId);
    if (!referral || referee.firstOrderId !== orderId || !firstOrder) return undefined;
    const at = this.now();
    const dueAt = referralRewardDueAt(program, firstOrder.earnedAt);
    if (dueAt && Date.parse(at) < Date.parse(dueAt)) return { dueAt };
    const expiresAt = lotExpiry(program.lotLifetime, at, program.timeZone);
    const common = { refereeId: memberId, referrerId: referral.referrerId, orderId, expiresAt, at };
    const key = (side: string) =>
      meta.idempotencyKey ? { idempotencyKey: `${meta.idempotencyKey}:referral-${side}` } : {};
    // A flagged referral or a returned first order: the referee's command records the reward
    // withheld; the referrer gets nothing.
    await this.runMember({ ...meta, ...key('referee') }, memberId, {
      type: 'CreditReferralReward',
      data: {
        ...common,
        memberId,
        role: 'referee',
        points: program.referralReward.refereePoints,
      },
    });
    if (referral.flagged || orderReturned(firstOrder)) return undefined;
    await this.runMember({ ...meta, ...key('referrer') }, referral.referrerId, {
      type: 'CreditReferralReward',
      data: {
        ...common,
        memberId: referral.referrerId,
        role: 'referrer',
        points: program.referralReward.referrerPoints,
      },
    });
    return undefined;
  }

  /** The member's current state: snapshot + tail when snapshots are on, else a full replay. */
  private async memberState(tenantId: string, memberId: string) {
    let state: MemberState;
    try {
      state = (
        await (this.memberSnapshotter?.load(memberStreamId(memberId), { tenantId }) ??
          loadAggregate(this.store, memberDecider, memberStreamId(memberId), { tenantId }))
      ).state;
    } catch (error) {
      if (error instanceof TenantMismatchError) throw new MemberNotEnrolledError(memberId);
      throw error;
    }
    if (state.status !== 'enrolled') throw new MemberNotEnrolledError(memberId);
    return state;
  }

  /** The member as of a past instant, replayed from its own events (time travel for disputes). */
  async memberAsOf(meta: RequestMeta, memberId: string, asOf: string): Promise<MemberAsOf> {
    const events = await this.memberEvents(meta.tenantId, memberId);
    if (events.length === 0) throw new MemberNotEnrolledError(memberId);
    // Progress is measured against the programme in force now (the one its next order earns under).
    return memberAsOf(events, asOf, await this.program(meta.tenantId));
  }

  private runMember(
    meta: RequestMeta,
    memberId: string,
    command: MemberCommand,
  ): Promise<CommandOutcome> {
    return executeCommand({
      handler: this.members,
      store: this.store,
      meta,
      streamId: memberStreamId(memberId),
      command,
      aggregateId: memberId,
      notFound: () => new MemberNotEnrolledError(memberId),
    });
  }
}

/** How many members (the most recently active) keep their latest state between commands. */
export const DEFAULT_RECENT_MEMBERS = 10_000;

/**
 * How long a tenant's program is reused before it is read again. Every order reads it, and it
 * changes rarely; a definition through this process is seen at once, one through another replica
 * within this time (ADR 0302).
 */
export const DEFAULT_PROGRAM_CACHE_MS = 1_000;

/** Programs per tenant for `ttlMs` of real (monotonic) time, not the movable service clock. */
class ProgramCache {
  private readonly entries = new Map<
    string,
    { readonly until: number; readonly program: Promise<ProgramDefinition | undefined> }
  >();

  constructor(private readonly ttlMs: number) {}

  get(
    tenantId: string,
    load: () => Promise<ProgramDefinition | undefined>,
  ): Promise<ProgramDefinition | undefined> {
    const now = performance.now();
    const cached = this.entries.get(tenantId);
    if (cached && cached.until > now) return cached.program;
    const program = load();
    if (this.ttlMs > 0) {
      // Bounded by the tenants served; a failed read is not kept.
      if (this.entries.size >= 10_000) this.entries.clear();
      this.entries.set(tenantId, { until: now + this.ttlMs, program });
      program.catch(() => this.forget(tenantId));
    }
    return program;
  }

  forget(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}

/** Days before expiry that a member is reminded (the same value the timers schedule with). */
export const EXPIRY_REMINDER_DAYS = LOYALTY_LIMITS.expiryReminderDays;

/**
 * "The same request" for idempotency keys: the command as the caller sent it, without what the
 * service adds to it (its clock, the program in force). Without this a retry a moment later would
 * differ in the instant the service stamped on it and be refused as a reuse.
 */
export const requestFingerprint = fingerprintWithout('at', 'program', 'approvalThreshold');

function actorId(caller: ServiceCaller): string {
  return caller.actor.kind === 'user' ? caller.actor.userId : `system:${caller.actor.name}`;
}
