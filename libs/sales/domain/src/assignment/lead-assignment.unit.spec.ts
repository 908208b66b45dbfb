import {
  assignLeads,
  type AssignmentStrategy,
  type LeadToAssign,
  type RosterRep,
  type TeamRoster,
} from './lead-assignment';

const rep = (repId: string, over: Partial<RosterRep> = {}): RosterRep => ({
  repId,
  capacity: 10_000,
  openLeads: 0,
  absent: false,
  optedOut: false,
  ...over,
});
const roster = (
  strategy: AssignmentStrategy,
  reps: readonly RosterRep[],
  over: Partial<TeamRoster> = {},
): TeamRoster => ({
  teamId: 'team-a',
  strategy,
  reps,
  rules: [],
  lastAssignedRepId: null,
  ...over,
});
const leads = (n: number, fields: LeadToAssign['fields'] = {}): LeadToAssign[] =>
  Array.from({ length: n }, (_, i) => ({ leadId: `lead-${i}`, fields }));

function countByRep(batch: ReturnType<typeof assignLeads>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of batch.decisions) {
    const key = d.outcome === 'assigned' ? d.repId : `failed:${d.reason}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('lead assignment', () => {
  it.each(['round_robin', 'weighted'] as const)(
    '%s: 999 leads over 3 equal reps give 333 each',
    (strategy) => {
      const batch = assignLeads(roster(strategy, [rep('a'), rep('b'), rep('c')]), leads(999));
      expect(countByRep(batch)).toEqual({ a: 333, b: 333, c: 333 });
      expect(batch.roster.reps.map((r) => r.openLeads)).toEqual([333, 333, 333]);
    },
  );

  it('round robin continues after the last rep assigned and skips absent and opted-out reps', () => {
    const team = roster(
      'round_robin',
      [rep('a'), rep('b', { absent: true }), rep('c'), rep('d', { optedOut: true })],
      { lastAssignedRepId: 'a' },
    );
    const batch = assignLeads(team, leads(4));
    expect(batch.decisions.map((d) => (d.outcome === 'assigned' ? d.repId : d.reason))).toEqual([
      'c',
      'a',
      'c',
      'a',
    ]);
    expect(batch.roster.lastAssignedRepId).toBe('a');
  });

  it('weighted fills reps in proportion to their capacity, counting their open leads', () => {
    const team = roster('weighted', [
      rep('a', { capacity: 200 }),
      rep('b', { capacity: 100 }),
      rep('c', { capacity: 100, openLeads: 50 }),
    ]);
    // 250 leads: a reaches 150/200, b 75/100 and c (already at 50) 75/100: equal shares.
    expect(countByRep(assignLeads(team, leads(250)))).toEqual({ a: 150, b: 75, c: 25 });
  });

  it('rules route a lead to the reps of the first matching rule', () => {
    const team = roster('rules', [rep('a'), rep('b'), rep('c')], {
      rules: [
        { field: 'country', equals: 'FR', repIds: ['b'] },
        { field: 'source', equals: 'web_form', repIds: ['a', 'c'] },
      ],
    });
    expect(countByRep(assignLeads(team, leads(3, { country: 'FR', source: 'web_form' })))).toEqual({
      b: 3,
    });
    expect(countByRep(assignLeads(team, leads(4, { source: 'web_form' })))).toEqual({ a: 2, c: 2 });
    expect(countByRep(assignLeads(team, leads(2, { source: 'import' })))).toEqual({
      'failed:no_rule_matched': 2,
    });
  });

  it('fails with the reason when nobody is eligible, never leaving a lead silently', () => {
    expect(countByRep(assignLeads(roster('round_robin', []), leads(1)))).toEqual({
      'failed:no_reps_in_team': 1,
    });
    const away = [rep('a', { absent: true }), rep('b', { optedOut: true })];
    expect(countByRep(assignLeads(roster('weighted', away), leads(2)))).toEqual({
      'failed:all_reps_unavailable': 2,
    });
    const small = [rep('a', { capacity: 1 }), rep('b', { capacity: 2, openLeads: 1 })];
    expect(countByRep(assignLeads(roster('round_robin', small), leads(3)))).toEqual({
      a: 1,
      b: 1,
      'failed:all_at_capacity': 1,
    });
  });

  it('territory routes a lead to the reps covering its country, round robin among them', () => {
    const team = roster('territory', [
      rep('a', { territories: ['FR', 'BE'] }),
      rep('b', { territories: ['DE'] }),
      rep('c', { territories: ['FR'] }),
    ]);
    expect(countByRep(assignLeads(team, leads(4, { country: 'FR' })))).toEqual({ a: 2, c: 2 });
    expect(countByRep(assignLeads(team, leads(2, { country: 'DE' })))).toEqual({ b: 2 });
    expect(countByRep(assignLeads(team, leads(1, { country: 'US' })))).toEqual({
      'failed:no_territory_matched': 1,
    });
    expect(countByRep(assignLeads(team, leads(1)))).toEqual({ 'failed:no_territory_matched': 1 });
    const byRegion = { ...team, territoryField: 'region' };
    expect(countByRep(assignLeads(byRegion, leads(1, { region: 'DE', country: 'FR' })))).toEqual({
      b: 1,
    });
    const away = roster('territory', [rep('b', { territories: ['DE'], absent: true })]);
    expect(countByRep(assignLeads(away, leads(1, { country: 'DE' })))).toEqual({
      'failed:all_reps_unavailable': 1,
    });
  });

  it('sticky gives a known contact to the rep who has them, else round robin', () => {
    const team = roster('sticky', [rep('a'), rep('b'), rep('c', { capacity: 1, openLeads: 1 })]);
    const known = (knownOwnerId: string): LeadToAssign[] =>
      Array.from({ length: 3 }, (_, i) => ({ leadId: `k-${i}`, fields: {}, knownOwnerId }));
    expect(countByRep(assignLeads(team, known('b')))).toEqual({ b: 3 });
    // The known rep is full (or not in the team): the lead goes round robin instead.
    expect(countByRep(assignLeads(team, known('c')))).toEqual({ a: 2, b: 1 });
    expect(countByRep(assignLeads(team, known('someone-else')))).toEqual({ a: 2, b: 1 });
    expect(countByRep(assignLeads(team, leads(4)))).toEqual({ a: 2, b: 2 });
    // Other strategies ignore what is known.
    expect(countByRep(assignLeads({ ...team, strategy: 'round_robin' }, known('b')))).toEqual({
      a: 2,
      b: 1,
    });
  });
});
