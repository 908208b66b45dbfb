// The Segment aggregate (stream `marketing.Segment-<id>`): a named, validated rule over the
// customers read model. Membership is not stored here: it is computed when a campaign sends
// (consent is checked then, not when the segment is defined) and previewed by the read side.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { RecordAlreadyExistsError, RecordNotFoundError } from '../errors';
import { segmentRuleToJson } from './segment-rule.parser';
import type { SegmentRule } from './segment-rule';

export type SegmentDefined = DomainEvent<
  'marketing.SegmentDefined',
  {
    readonly segmentId: string;
    readonly name: string;
    /** The rule as the parser accepts it (segment-rule.parser.ts). */
    readonly rule: unknown;
    readonly definedAt: string;
  }
>;
export type SegmentRedefined = DomainEvent<
  'marketing.SegmentRedefined',
  { readonly segmentId: string; readonly rule: unknown; readonly redefinedAt: string }
>;
export type SegmentEvent = SegmentDefined | SegmentRedefined;

export type DefineSegment = {
  readonly type: 'DefineSegment';
  readonly data: {
    readonly segmentId: string;
    readonly name: string;
    readonly rule: SegmentRule;
    readonly now: string;
  };
};
export type RedefineSegment = {
  readonly type: 'RedefineSegment';
  readonly data: { readonly segmentId: string; readonly rule: SegmentRule; readonly now: string };
};
export type SegmentCommand = DefineSegment | RedefineSegment;

export type SegmentState =
  | { readonly status: 'None' }
  | { readonly status: 'Defined'; readonly name: string; readonly rule: unknown };

function decide(command: SegmentCommand, state: SegmentState): readonly SegmentEvent[] {
  switch (command.type) {
    case 'DefineSegment': {
      const { segmentId, name, rule, now } = command.data;
      if (state.status !== 'None') throw new RecordAlreadyExistsError('segment', segmentId);
      return [
        {
          type: 'marketing.SegmentDefined',
          data: { segmentId, name, rule: segmentRuleToJson(rule), definedAt: now },
        },
      ];
    }
    case 'RedefineSegment': {
      const { segmentId, rule, now } = command.data;
      if (state.status === 'None') throw new RecordNotFoundError('segment', segmentId);
      const json = segmentRuleToJson(rule);
      if (JSON.stringify(json) === JSON.stringify(state.rule)) return [];
      return [
        { type: 'marketing.SegmentRedefined', data: { segmentId, rule: json, redefinedAt: now } },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown segment command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: SegmentState, event: SegmentEvent): SegmentState {
  switch (event.type) {
    case 'marketing.SegmentDefined':
      return { status: 'Defined', name: event.data.name, rule: event.data.rule };
    case 'marketing.SegmentRedefined':
      return state.status === 'None' ? state : { ...state, rule: event.data.rule };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown segment event ${JSON.stringify(unknown)}`);
    }
  }
}

export const segmentDecider: Decider<SegmentState, SegmentCommand, SegmentEvent> = {
  decide,
  evolve,
  initialState: { status: 'None' },
};
