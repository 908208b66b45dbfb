// The shared EventStore contract against a real KurrentDB server (25.1 or newer).
// KurrentDB cannot be installed on the project's machines, so this runs only where
// KURRENTDB_CONNECTION_STRING names a server (see docs/kurrentdb.md); otherwise it says so loudly
// and reports every test of the suite as skipped (never as passed), with the reason printed.
import { describeEventStoreContract } from '../testing/event-store.contract';
import {
  KURRENTDB_CONNECTION_STRING_ENV,
  requireKurrentdbConnectionString,
  kurrentdbConnectionString,
} from './kurrentdb.config';
import { KurrentDBEventStore } from './kurrentdb-event.store';

const connectionString = kurrentdbConnectionString();
// Below jest's 5 s hook timeout, so the failure carries this message rather than a bare timeout.
const REACHABLE_WITHIN_MS = 4_000;

if (!connectionString) {
  // Printed when the file loads, beside jest's own count of the suite's tests as skipped.
  const bar = '!'.repeat(100);
  console.warn(
    [
      '',
      bar,
      `!!  SKIPPED: the EventStore contract suite did NOT run against KurrentDB (${KURRENTDB_CONNECTION_STRING_ENV} is not set).`,
      '!!  No KurrentDB server can run on this machine. To run it where one can:',
      '!!    docker run -d --name kurrentdb -p 2113:2113 docker.kurrent.io/kurrent-latest/kurrentdb:latest --insecure',
      `!!    ${KURRENTDB_CONNECTION_STRING_ENV}='kurrentdb://127.0.0.1:2113?tls=false' npx nx run event-sourcing:test-int`,
      bar,
    ].join('\n'),
  );
}
describeEventStoreContract(
  'KurrentDB (real server)',
  async (setup) => {
    const store = new KurrentDBEventStore({
      connectionString: requireKurrentdbConnectionString(),
      eventTypes: setup.eventTypes,
      upcasters: setup.upcasters,
      maxEventBytes: setup.maxEventBytes,
    });
    // The variable is set, so the server must answer: fail the suite at once, naming it.
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        store.readAllPage({ batchSize: 1 }),
        new Promise((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `KurrentDB at ${KURRENTDB_CONNECTION_STRING_ENV} did not answer within ${REACHABLE_WITHIN_MS} ms`,
                ),
              ),
            REACHABLE_WITHIN_MS,
          );
        }),
      ]);
    } catch (error) {
      await store.close().catch(() => undefined);
      throw new Error(
        `KURRENTDB UNREACHABLE (${KURRENTDB_CONNECTION_STRING_ENV} is set): ${String(error)}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
    return { store, dispose: () => store.close() };
  },
  connectionString ? {} : { skipBecause: `${KURRENTDB_CONNECTION_STRING_ENV} is not set` },
);
