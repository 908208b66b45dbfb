import { UnknownPipelineError } from '../errors';
import {
  salesTeamDecider,
  salesTeamSnapshotCodec,
  type SalesTeamEvent,
  type SalesTeamState,
} from './sales-team.decider';

const defined: SalesTeamEvent = {
  type: 'sales.SalesTeamDefined',
  data: {
    teamId: 'team-a',
    strategy: 'round_robin',
    reps: ['r1', 'r2', 'r3'].map((repId) => ({
      repId,
      capacity: 1000,
      absent: false,
      optedOut: false,
    })),
    rules: [],
    definedBy: 'mgr-1',
    definedAt: '2027-01-01T00:00:00.000Z',
  },
};

function route(events: SalesTeamEvent[], leadId: string): SalesTeamEvent[] {
  const state = events.reduce(salesTeamDecider.evolve, salesTeamDecider.initialState);
  return [
    ...salesTeamDecider.decide(
      { type: 'RouteLead', data: { teamId: 'team-a', leadId, fields: {}, now: 'now' } },
      state,
    ),
  ];
}

describe('SalesTeam routing', () => {
  it('keeps the pipeline a team works by default; an unknown one is refused (ADR 0480)', () => {
    const { definedAt: now, ...team } = defined.data;
    const define = (pipelineId: string) =>
      salesTeamDecider.decide(
        { type: 'DefineSalesTeam', data: { ...team, pipelineId, now } },
        salesTeamDecider.initialState,
      );
    const events = [...define('partner')];
    const state = events.reduce(salesTeamDecider.evolve, salesTeamDecider.initialState);
    expect(state).toMatchObject({ status: 'Defined', pipelineId: 'partner' });
    expect(() => define('nowhere')).toThrow(UnknownPipelineError);
  });

  it('takes a released lead off its rep’s load once; an unrouted or unassigned lead is not released', () => {
    const full: SalesTeamEvent = {
      ...defined,
      data: {
        ...defined.data,
        strategy: 'weighted',
        reps: defined.data.reps.slice(0, 1).map((r) => ({ ...r, capacity: 1 })),
      },
    };
    const log: SalesTeamEvent[] = [full, ...route([full], 'lead-1')];
    log.push(...route(log, 'lead-2'));
    expect(log.at(-1)).toMatchObject({ data: { repId: null, failureReason: 'all_at_capacity' } });
    const release = (leadId: string) =>
      salesTeamDecider.decide(
        {
          type: 'ReleaseLead',
          data: { teamId: 'team-a', leadId, reason: 'converted', now: 'now' },
        },
        log.reduce(salesTeamDecider.evolve, salesTeamDecider.initialState),
      );
    expect(release('lead-2')).toEqual([]);
    expect(release('unknown')).toEqual([]);
    const released = release('lead-1');
    expect(released).toEqual([
      {
        type: 'sales.LeadReleased',
        data: {
          teamId: 'team-a',
          leadId: 'lead-1',
          repId: 'r1',
          reason: 'converted',
          releasedAt: 'now',
        },
      },
    ]);
    log.push(...released);
    expect(release('lead-1')).toEqual([]);
    expect(route(log, 'lead-3')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ repId: 'r1' }) }),
    ]);
  });

  it('routes 999 leads over 3 equal reps as 333 each, one decision per lead', () => {
    const log: SalesTeamEvent[] = [defined];
    for (let i = 0; i < 999; i += 1) log.push(...route(log, `lead-${i}`));
    const counts = new Map<string, number>();
    for (const e of log) {
      if (e.type === 'sales.LeadRouted' && e.data.repId) {
        counts.set(e.data.repId, (counts.get(e.data.repId) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(counts)).toEqual({ r1: 333, r2: 333, r3: 333 });
    expect(route(log, 'lead-5')).toEqual([]);
  });

  it('says why nobody could take a lead when every rep is absent', () => {
    const absent: SalesTeamEvent = {
      ...defined,
      data: { ...defined.data, reps: defined.data.reps.map((r) => ({ ...r, absent: true })) },
    };
    expect(route([absent], 'lead-1')).toEqual([
      expect.objectContaining({
        type: 'sales.LeadRouted',
        data: expect.objectContaining({ repId: null, failureReason: 'all_reps_unavailable' }),
      }),
    ]);
  });

  it('a snapshot plus the events after it folds to what a full replay folds', () => {
    const log: SalesTeamEvent[] = [defined];
    for (let i = 0; i < 300; i += 1) log.push(...route(log, `lead-${i}`));
    const fold = (from: SalesTeamState, events: SalesTeamEvent[]) =>
      events.reduce(salesTeamDecider.evolve, from);
    const full = fold(salesTeamDecider.initialState, log);
    const context = { streamId: 'sales.SalesTeam-team-a', tenantId: 't' };
    const stored = JSON.parse(
      JSON.stringify(
        salesTeamSnapshotCodec.encode(
          fold(salesTeamDecider.initialState, log.slice(0, 150)),
          context,
        ),
      ),
    ) as unknown;
    const decoded = salesTeamSnapshotCodec.decode(stored, context) as SalesTeamState;
    const resumed = fold(decoded, log.slice(150));
    if (full.status !== 'Defined' || resumed.status !== 'Defined') throw new Error('not defined');
    expect(resumed.routed.toJS()).toEqual(full.routed.toJS());
    expect({ ...resumed, routed: null }).toEqual({ ...full, routed: null });
    expect(resumed.routed.size).toBe(300);
    // Routing the same lead again after the snapshot still decides nothing.
    expect(
      salesTeamDecider.decide(
        { type: 'RouteLead', data: { teamId: 'team-a', leadId: 'lead-7', fields: {}, now: 'now' } },
        resumed,
      ),
    ).toEqual([]);
  });
});
