// The Template aggregate (stream `marketing.Template-<id>`): an e-mail in one or more locales with
// the fallbacks of its merge fields. Versions arrive already validated (validateTemplateVersion).
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { RecordAlreadyExistsError } from '../errors';
import type { MergeField, TemplateVersion } from './merge-fields';

export type TemplateCreated = DomainEvent<
  'marketing.TemplateCreated',
  {
    readonly templateId: string;
    readonly name: string;
    readonly versions: readonly TemplateVersion[];
    readonly fallbacks: Readonly<Partial<Record<MergeField, string>>>;
    readonly createdAt: string;
  }
>;
export type TemplateEvent = TemplateCreated;

export type CreateTemplate = {
  readonly type: 'CreateTemplate';
  readonly data: Omit<TemplateCreated['data'], 'createdAt'> & { readonly now: string };
};
export type TemplateCommand = CreateTemplate;

export type TemplateState =
  | { readonly status: 'None' }
  | ({ readonly status: 'Created' } & Omit<TemplateCreated['data'], 'createdAt'>);

function decide(command: TemplateCommand, state: TemplateState): readonly TemplateEvent[] {
  const { now, ...data } = command.data;
  if (state.status !== 'None') throw new RecordAlreadyExistsError('template', data.templateId);
  return [{ type: 'marketing.TemplateCreated', data: { ...data, createdAt: now } }];
}

function evolve(_state: TemplateState, event: TemplateEvent): TemplateState {
  const { createdAt: _createdAt, ...data } = event.data;
  return { status: 'Created', ...data };
}

export const templateDecider: Decider<TemplateState, TemplateCommand, TemplateEvent> = {
  decide,
  evolve,
  initialState: { status: 'None' },
};
