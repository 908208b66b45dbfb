// The console's only way to the platform: the gateway's GraphQL endpoint on the same origin.
// Every request is a JSON POST with the bearer token, which passes the gateway's CSRF prevention
// the way any API client does; an UNAUTHENTICATED answer (expired token) signs the user out.
// Subscriptions (live updates) go over graphql-ws on the same path, authenticated by the token in
// `connectionParams`; the socket opens with the first subscription and is read again on reconnect.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';

export function createApolloClient(
  tokenOf: () => string | null,
  onUnauthenticated: () => void,
): ApolloClient {
  const auth = new SetContextLink((prev) => {
    const token = tokenOf();
    return token
      ? { headers: { ...(prev['headers'] as object), authorization: `Bearer ${token}` } }
      : {};
  });
  const signOutWhenExpired = new ErrorLink(({ error }) => {
    if (
      CombinedGraphQLErrors.is(error) &&
      error.errors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')
    )
      onUnauthenticated();
  });
  const socket = new GraphQLWsLink(
    createClient({
      url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      lazy: true,
      connectionParams: () => {
        const token = tokenOf();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
    }),
  );
  const transport = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    socket,
    ApolloLink.from([auth, new HttpLink({ uri: '/graphql' })]),
  );
  return new ApolloClient({
    link: ApolloLink.from([signOutWhenExpired, transport]),
    cache: new InMemoryCache({
      typePolicies: {
        Customer: { keyFields: ['id'] },
        SalesOpportunity: { keyFields: ['opportunityId'] },
        Ticket: { keyFields: ['ticketId'] },
        LoyaltyMember: { keyFields: ['memberId'] },
        AuditEvent: { keyFields: ['eventId'] },
        PipelineBoard: { keyFields: ['pipelineId'] },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
