// Journeys in the domain: definitions parsed or refused at a path, versions published, re-entry
// policies, each step recorded once per enrolment, and birthdays at 09:00 local time.
import {
  InvalidJourneyError,
  birthdayEntryKey,
  birthdaySuffixesAround,
  JourneyNotFoundError,
  journeyCatalogueDecider,
  journeyParticipationDecider,
  parseJourneyDefinition,
  readyMadeJourney,
  versionAt,
  READY_MADE_JOURNEYS,
  type JourneyParticipationCommand,
  type JourneyParticipationEvent,
  type ParticipationState,
} from '../index';

const welcome = {
  trigger: { kind: 'event', eventType: 'customers.CustomerRegistered' },
  steps: [
    { id: 'wait', kind: 'wait', minutes: 10 },
    { id: 'mail', kind: 'send', templateId: 'hello' },
  ],
};

function problems(input: unknown): string[] {
  try {
    parseJourneyDefinition(input);
  } catch (error) {
    if (error instanceof InvalidJourneyError) return error.problems.map((p) => p.path);
    throw error;
  }
  return [];
}

describe('journey definitions', () => {
  it('parses a definition with defaults (never re-enter, English)', () => {
    const parsed = parseJourneyDefinition(welcome);
    expect(parsed.reEntry).toEqual({ policy: 'never' });
    expect(parsed.steps[1]).toEqual({
      id: 'mail',
      kind: 'send',
      templateId: 'hello',
      locale: 'en',
    });
  });

  it('parses a send step on another channel, and refuses an unknown channel at its path', () => {
    const sms = { id: 'mail', kind: 'send', templateId: 'hello', channel: 'sms' };
    expect(parseJourneyDefinition({ ...welcome, steps: [sms] }).steps[0]).toEqual({
      id: 'mail',
      kind: 'send',
      templateId: 'hello',
      locale: 'en',
      channel: 'sms',
    });
    expect(problems({ ...welcome, steps: [{ ...sms, channel: 'fax' }] })).toEqual([
      'steps[0].channel',
    ]);
  });

  it('parses a segment-entered trigger', () => {
    const parsed = parseJourneyDefinition({
      ...welcome,
      trigger: { kind: 'segmentEntered', segmentId: 'vip' },
    });
    expect(parsed.trigger).toEqual({ kind: 'segmentEntered', segmentId: 'vip' });
  });

  it('refuses unknown triggers, bad steps, backward branches and bad policies, each at its path', () => {
    expect(
      problems({ ...welcome, trigger: { kind: 'event', eventType: 'sales.LeadCaptured' } }),
    ).toEqual(['trigger.eventType']);
    expect(
      problems({ ...welcome, trigger: { kind: 'birthday', timeZone: 'Mars/Olympus' } }),
    ).toEqual(['trigger.timeZone']);
    expect(problems({ ...welcome, trigger: { kind: 'segmentEntered', segmentId: '' } })).toEqual([
      'trigger.segmentId',
    ]);
    expect(
      problems({
        ...welcome,
        steps: [
          { id: 'a', kind: 'send', templateId: 't' },
          {
            id: 'b',
            kind: 'branch',
            condition: { field: 'kind', op: 'eq', value: 'person' },
            then: 'a',
            else: 'c',
          },
          { id: 'c', kind: 'wait', minutes: 0 },
        ],
      }),
    ).toEqual(['steps[2].minutes']);
    expect(
      problems({
        ...welcome,
        steps: [
          { id: 'a', kind: 'send', templateId: 't' },
          {
            id: 'b',
            kind: 'branch',
            condition: { field: 'kind', op: 'eq', value: 'person' },
            then: 'a',
            else: 'c',
          },
          { id: 'c', kind: 'exit' },
        ],
      }),
    ).toEqual(['steps[1].then']);
    expect(
      problems({
        ...welcome,
        steps: [
          {
            id: 'b',
            kind: 'branch',
            condition: { field: 'email', op: 'eq', value: 1 },
            then: 'x',
            else: 'y',
          },
        ],
      }),
    ).toEqual(['steps[0].condition']);
    expect(problems({ ...welcome, reEntry: { policy: 'cooldown', days: -1 } })).toEqual([
      'reEntry.days',
    ]);
    expect(problems({ ...welcome, exitOn: ['sales.OrderPlaced', '$where'] })).toEqual([
      'exitOn[1]',
    ]);
  });

  it('ready-made journeys are valid definitions', () => {
    for (const kind of READY_MADE_JOURNEYS)
      expect(readyMadeJourney(kind).definition.steps.length).toBeGreaterThan(0);
  });
});

describe('the journey catalogue', () => {
  const publish = (definition: unknown, name = 'Welcome') => ({
    type: 'PublishJourney' as const,
    data: {
      journeyId: 'welcome',
      name,
      definition: parseJourneyDefinition(definition),
      now: '2026-03-01T00:00:00.000Z',
    },
  });

  it('publishes version 1, then 2 for a revision, and nothing for the same definition again', () => {
    const { decide, evolve, initialState } = journeyCatalogueDecider;
    const first = decide(publish(welcome), initialState);
    expect(first.map((e) => ('version' in e.data ? e.data.version : null))).toEqual([1]);
    const state = first.reduce(evolve, initialState);
    expect(decide(publish(welcome), state)).toEqual([]);
    const revised = decide(publish({ ...welcome, reEntry: { policy: 'afterCompletion' } }), state);
    expect(revised.map((e) => ('version' in e.data ? e.data.version : null))).toEqual([2]);
    const after = revised.reduce(evolve, state);
    const journey = after.journeys.get('welcome')!;
    expect(journey.versions.map((v) => v.definition.reEntry.policy)).toEqual([
      'never',
      'afterCompletion',
    ]);
    // The version in effect at an instant: none before the first was published.
    expect(versionAt(journey, '2026-02-28T23:59:59.999Z')).toBeUndefined();
    expect(versionAt(journey, '2026-03-01T00:00:00.000Z')?.version).toBe(2);
  });

  it('pauses and resumes a journey once each, across a new version, and refuses an unknown one', () => {
    const { decide, evolve, initialState } = journeyCatalogueDecider;
    const at = (type: 'PauseJourney' | 'ResumeJourney', journeyId = 'welcome') => ({
      type,
      data: { journeyId, now: '2026-03-02T00:00:00.000Z' },
    });
    let state = decide(publish(welcome), initialState).reduce(evolve, initialState);
    expect(() => decide(at('PauseJourney', 'nope'), state)).toThrow(JourneyNotFoundError);
    expect(decide(at('ResumeJourney'), state)).toEqual([]);
    const paused = decide(at('PauseJourney'), state);
    expect(paused.map((e) => e.type)).toEqual(['marketing.JourneyPaused']);
    state = paused.reduce(evolve, state);
    expect(decide(at('PauseJourney'), state)).toEqual([]);
    // A revision published while paused stays paused.
    state = decide(publish(welcome, 'Welcome 2'), state).reduce(evolve, state);
    expect(state.journeys.get('welcome')?.pausedAt).toBe('2026-03-02T00:00:00.000Z');
    state = decide(at('ResumeJourney'), state).reduce(evolve, state);
    expect(state.journeys.get('welcome')?.pausedAt).toBeNull();
  });
});

describe('a participation', () => {
  const { decide, evolve, initialState } = journeyParticipationDecider;
  const ref = { journeyId: 'welcome', customerId: 'anna' };
  const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  function run(commands: JourneyParticipationCommand[], state: ParticipationState = initialState) {
    const events: JourneyParticipationEvent[] = [];
    for (const c of commands) {
      const decided = decide(c, state);
      events.push(...decided);
      state = decided.reduce(evolve, state);
    }
    return { events, state };
  }
  const enter = (
    entryKey: string,
    day: number,
    reEntry:
      { policy: 'never' } | { policy: 'afterCompletion' } | { policy: 'cooldown'; days: number } = {
      policy: 'never',
    },
    version = 1,
  ): JourneyParticipationCommand => ({
    type: 'EnterJourney',
    data: { ...ref, version, firstStepId: 'mail', reEntry, entryKey, now: at(day) },
  });
  const send = (enrolment: number, day: number): JourneyParticipationCommand => ({
    type: 'RecordJourneyStep',
    data: {
      ...ref,
      enrolment,
      stepId: 'mail',
      nextStepId: null,
      outcome: { kind: 'sent', templateId: 't', messageId: 'm' },
      now: at(day),
    },
  });
  const exit = (enrolment: number, day: number): JourneyParticipationCommand => ({
    type: 'ExitJourney',
    data: { ...ref, enrolment, reason: 'completed', detail: 'done', now: at(day) },
  });

  it('records a send once per enrolment and step, whatever is repeated', () => {
    const { events } = run([
      enter('event:e1', 1),
      enter('event:e1', 1),
      send(1, 1),
      send(1, 1),
      exit(1, 1),
      send(1, 2),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'marketing.JourneyEntered',
      'marketing.JourneyMessageSent',
      'marketing.JourneyExited',
    ]);
  });

  it('pins the enrolment to the version it entered', () => {
    const { events } = run([enter('event:e1', 1, { policy: 'never' }, 3), send(1, 1)]);
    expect(events.map((e) => e.data.version)).toEqual([3, 3]);
  });

  it('never: one enrolment ever; afterCompletion: again once finished; cooldown: again after the days', () => {
    expect(
      run([enter('a', 1), exit(1, 1), enter('b', 20)]).events.filter(
        (e) => e.type === 'marketing.JourneyEntered',
      ),
    ).toHaveLength(1);
    const after = { policy: 'afterCompletion' } as const;
    expect(run([enter('a', 1, after), enter('b', 2, after)]).events).toHaveLength(1);
    expect(
      run([enter('a', 1, after), exit(1, 1), enter('b', 2, after)]).events.map(
        (e) => e.data.enrolment,
      ),
    ).toEqual([1, 1, 2]);
    const cool = { policy: 'cooldown', days: 7 } as const;
    expect(run([enter('a', 1, cool), exit(1, 1), enter('b', 7, cool)]).events).toHaveLength(2);
    expect(run([enter('a', 1, cool), exit(1, 1), enter('b', 8, cool)]).events).toHaveLength(3);
  });

  it('a wait starts once and ends by recording the step', () => {
    const wait = (day: number): JourneyParticipationCommand => ({
      type: 'StartJourneyWait',
      data: { ...ref, enrolment: 1, stepId: 'mail', until: at(9), now: at(day) },
    });
    const { events, state } = run([enter('a', 1), wait(1), wait(2)]);
    expect(events.map((e) => e.type)).toEqual([
      'marketing.JourneyEntered',
      'marketing.JourneyWaitStarted',
    ]);
    expect(state.enrolments[0]!.waitingUntil).toBe(at(9));
  });

  it("a send held by the tenant's cap waits again, later, with its reason; the same wait once", () => {
    const held = (until: number, now: number): JourneyParticipationCommand => ({
      type: 'StartJourneyWait',
      data: {
        ...ref,
        enrolment: 1,
        stepId: 'mail',
        until: at(until),
        reason: 'HOURLY_CAP',
        now: at(now),
      },
    });
    const { events, state } = run([enter('a', 1), held(2, 1), held(2, 1), held(3, 2), held(3, 2)]);
    expect(events.slice(1).map((e) => [e.type, 'until' in e.data && e.data.until])).toEqual([
      ['marketing.JourneyWaitStarted', at(2)],
      ['marketing.JourneyWaitStarted', at(3)],
    ]);
    expect(events[1]!.data).toMatchObject({ reason: 'HOURLY_CAP' });
    expect(state.enrolments[0]!.waitingUntil).toBe(at(3));
  });
});

describe('birthdays', () => {
  it('are due from 09:00 in the customer zone on the day, once per local year', () => {
    // 08:59 in Shanghai (UTC+8) is 00:59 UTC.
    expect(
      birthdayEntryKey('1990-07-14', new Date('2026-07-14T00:59:00Z'), 'Asia/Shanghai', '09:00'),
    ).toBeNull();
    expect(
      birthdayEntryKey('1990-07-14', new Date('2026-07-14T01:00:00Z'), 'Asia/Shanghai', '09:00'),
    ).toBe('birthday:2026');
    // Still the 13th in Los Angeles.
    expect(
      birthdayEntryKey(
        '1990-07-14',
        new Date('2026-07-14T10:00:00Z'),
        'America/Los_Angeles',
        '09:00',
      ),
    ).toBeNull();
    expect(
      birthdayEntryKey('1990-07-14', new Date('2026-07-15T01:00:00Z'), 'Asia/Shanghai', '09:00'),
    ).toBeNull();
    expect(birthdayEntryKey('2000-02-29', new Date('2026-02-28T12:00:00Z'), 'UTC', '09:00')).toBe(
      'birthday:2026',
    );
  });

  it('the sweep looks at every date that is today somewhere', () => {
    expect(birthdaySuffixesAround(new Date('2026-07-14T12:00:00Z')).sort()).toEqual([
      '-07-14',
      '-07-15',
    ]);
    expect(birthdaySuffixesAround(new Date('2026-02-28T00:00:00Z')).sort()).toEqual([
      '-02-27',
      '-02-28',
      '-02-29',
    ]);
  });
});
