// The NPS survey of one customer (stream `service-desk.NpsSurvey-<customerId>`): "how likely are
// you to recommend us", 0 to 10, asked at most once per cadence (days) whoever asks, answered once
// per survey. The address it is mailed to and the comment are personal data of the customer.
import type { Decider } from '@crm/event-sourcing';
import { SurveyAlreadyAnsweredError, SurveyInvalidError } from '../errors';

const DAY_MS = 86_400_000;

interface Message<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & { readonly customerId: string; readonly at: string };
}

export type SendNpsSurvey = Message<
  'SendNpsSurvey',
  { readonly email: string; readonly cadenceDays: number }
>;
export type AnswerNpsSurvey = Message<
  'AnswerNpsSurvey',
  { readonly surveyId: string; readonly score: number; readonly comment?: string }
>;
export type NpsCommand = SendNpsSurvey | AnswerNpsSurvey;

/** `surveyId` is the instant it was sent. */
export type NpsSurveySent = Message<
  'service-desk.NpsSurveySent',
  { readonly surveyId: string; readonly email: string; readonly dataSubjectId: string }
>;
export type NpsAnswered = Message<
  'service-desk.NpsAnswered',
  {
    readonly surveyId: string;
    readonly score: number;
    readonly comment?: string;
    readonly dataSubjectId: string;
  }
>;
export type NpsEvent = NpsSurveySent | NpsAnswered;

export interface NpsState {
  readonly lastSentAt?: string;
  readonly surveys: Readonly<Record<string, number | null>>;
}

export const initialNpsState: NpsState = { surveys: {} };

/** Promoters score 9–10, passives 7–8, detractors 0–6. */
export function npsCategory(score: number): 'promoter' | 'passive' | 'detractor' {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

export function evolveNps(state: NpsState, event: NpsEvent): NpsState {
  switch (event.type) {
    case 'service-desk.NpsSurveySent':
      return {
        lastSentAt: event.data.at,
        surveys: { ...state.surveys, [event.data.surveyId]: null },
      };
    case 'service-desk.NpsAnswered':
      return { ...state, surveys: { ...state.surveys, [event.data.surveyId]: event.data.score } };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

function decide(command: NpsCommand, state: NpsState): readonly NpsEvent[] {
  const { customerId, at } = command.data;
  switch (command.type) {
    case 'SendNpsSurvey': {
      const { email, cadenceDays } = command.data;
      // Within the cadence the customer is not asked again: nothing happens (not an error, so a
      // campaign may ask everyone and only the due customers get a mail).
      if (state.lastSentAt && Date.parse(at) - Date.parse(state.lastSentAt) < cadenceDays * DAY_MS)
        return [];
      return [
        {
          type: 'service-desk.NpsSurveySent',
          data: { customerId, at, surveyId: at, email, dataSubjectId: customerId },
        },
      ];
    }
    case 'AnswerNpsSurvey': {
      const { surveyId, score, comment } = command.data;
      if (!(surveyId in state.surveys)) throw new SurveyInvalidError('no such NPS survey');
      const answered = state.surveys[surveyId];
      if (answered === score) return [];
      if (answered !== null && answered !== undefined)
        throw new SurveyAlreadyAnsweredError(customerId);
      return [
        {
          type: 'service-desk.NpsAnswered',
          data: {
            customerId,
            at,
            surveyId,
            score,
            ...(comment !== undefined && { comment }),
            dataSubjectId: customerId,
          },
        },
      ];
    }
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}

export const npsDecider: Decider<NpsState, NpsCommand, NpsEvent> = {
  initialState: initialNpsState,
  evolve: evolveNps,
  decide,
};
