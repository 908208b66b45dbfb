// GraphiQL from its npm package (no CDN), for developers: it sends the signed-in user's token, so
// every query runs with that user's roles and record scope. Loaded lazily (it brings Monaco).
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';
import { useSignedIn } from '../auth/session-context';

export default function GraphiQLScreen(): React.ReactElement {
  const { token } = useSignedIn();
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: '/graphql',
        headers: { authorization: `Bearer ${token}` },
      }),
    [token],
  );
  return (
    <div style={{ height: 'calc(100vh - 112px)' }}>
      <GraphiQL fetcher={fetcher} />
    </div>
  );
}
