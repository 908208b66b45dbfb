// The gateway and services/service-desk refuse the same roles: every GraphQL operation that sends a
// service-desk RPC declares exactly the roles the shared policy allows for that RPC
// (libs/access-policy SERVICE_DESK_RPC_ROLES), which the service enforces again on its side.
import { SERVICE_DESK_RPC_ROLES, SIGNED_LINK_RPCS, type ServiceDeskRpc } from '@crm/access-policy';
import { CareTasksResolver } from '../service-desk/care-tasks.resolver';
import { KnowledgeBaseResolver } from '../service-desk/knowledge-base.resolver';
import { SatisfactionResolver } from '../service-desk/satisfaction.resolver';
import { ServiceDeskResolver } from '../service-desk/service-desk.resolver';
import { ALLOWED_ROLES_KEY } from './allow.decorator';
import { type Role } from './role';

const SENDERS: readonly [string, ServiceDeskRpc][] = [
  ['openTicket', 'OpenTicket'],
  ['assignTicket', 'AssignTicket'],
  ['setTicketStatus', 'SetTicketStatus'],
  ['replyToTicket', 'ReplyToCustomer'],
  ['addTicketInternalNote', 'AddInternalNote'],
  ['recordTicketCustomerMessage', 'RecordCustomerMessage'],
  ['changeTicketPriority', 'ChangePriority'],
  ['classifyTicket', 'ClassifyTicket'],
  ['recordComplaintAnalysis', 'RecordComplaintAnalysis'],
  ['resolveTicket', 'ResolveTicket'],
  ['closeTicket', 'CloseTicket'],
  ['reopenTicket', 'ReopenTicket'],
  ['linkTicketCustomer', 'LinkCustomer'],
  ['mergeTickets', 'MergeTickets'],
  ['ticketConversation', 'GetTicketConversation'],
  ['slaClock', 'GetSlaClock'],
  ['writeArticleVersion', 'WriteArticleVersion'],
  ['publishArticle', 'PublishArticle'],
  ['retireArticle', 'RetireArticle'],
  ['recordArticleDeflection', 'RecordArticleDeflection'],
  ['sendNpsSurvey', 'SendNpsSurvey'],
  ['writeArticleFromTicket', 'WriteArticleVersion'],
  ['completeCareTask', 'CompleteCareTask'],
  ['dismissCareTask', 'DismissCareTask'],
];

function declaredRoles(method: string): Role[] {
  const handler =
    (ServiceDeskResolver.prototype as unknown as Record<string, unknown>)[method] ??
    (KnowledgeBaseResolver.prototype as unknown as Record<string, unknown>)[method] ??
    (SatisfactionResolver.prototype as unknown as Record<string, unknown>)[method] ??
    (CareTasksResolver.prototype as unknown as Record<string, unknown>)[method];
  expect(typeof handler).toBe('function');
  return [...(Reflect.getMetadata(ALLOWED_ROLES_KEY, handler as object) as Role[])].sort();
}

describe.each(SENDERS)('ServiceDeskResolver.%s', (method, rpc) => {
  test(`allows the roles the service allows for ${rpc}`, () => {
    expect(declaredRoles(method)).toEqual([...SERVICE_DESK_RPC_ROLES[rpc]].sort());
  });
});

test('every service-desk RPC is sent by some gateway operation (signed-link RPCs by the answer page)', () => {
  expect(new Set([...SENDERS.map(([, rpc]) => rpc), ...SIGNED_LINK_RPCS])).toEqual(
    new Set(Object.keys(SERVICE_DESK_RPC_ROLES)),
  );
});

test('the queue and a ticket are read by the roles that may read SLA clocks', () => {
  const readers = [...SERVICE_DESK_RPC_ROLES.GetSlaClock].sort();
  expect(declaredRoles('ticketQueue')).toEqual(readers);
  expect(declaredRoles('ticket')).toEqual(readers);
});
