// Opens the mongoose connection the read side and the projection workers share, waiting with
// backoff while the server is unreachable (a process that starts before MongoDB must neither crash
// nor give up: mongoose itself never retries a failed first connection). After the first
// connection the driver reconnects by itself; operations in between fail fast
// (serverSelectionTimeoutMS) and the callers retry them with their own backoff.
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { Backoff, errorMessage, sleep, silentLogger } from '@crm/messaging';
import type { Logger } from '@crm/messaging';

export interface MongoConnectionOptions {
  readonly logger?: Logger;
  /** How long one operation waits for a reachable server before failing; default 5 s. */
  readonly serverSelectionTimeoutMS?: number;
  /** Stop retrying the first connection when this aborts. */
  readonly signal?: AbortSignal;
}

export interface OpeningMongoConnection {
  /** Usable at once; operations fail (fast) until `connected` resolves. */
  readonly connection: Connection;
  /** Resolves once the first connection succeeded; rejects only when `signal` aborts. */
  readonly connected: Promise<Connection>;
}

/** Waits until MongoDB answers, then returns the open connection. */
export async function connectMongo(
  url: string,
  options: MongoConnectionOptions = {},
): Promise<Connection> {
  return openMongoConnection(url, options).connected;
}

/**
 * The connection at once, opened in the background with backoff: for a process that must serve
 * (e.g. report itself not ready) while MongoDB is still unreachable.
 */
export function openMongoConnection(
  url: string,
  options: MongoConnectionOptions = {},
): OpeningMongoConnection {
  const logger = options.logger ?? silentLogger;
  const connection = mongoose.createConnection();
  const connected = (async () => {
    const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 5000 });
    for (;;) {
      try {
        // Re-opening the same Connection object keeps it valid for whoever already holds it.
        await connection.openUri(url, {
          serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
          connectTimeoutMS: 5000,
          heartbeatFrequencyMS: 1000,
          // Commands must fail while the server is away instead of queueing in mongoose's buffer:
          // the caller decides (retry the batch), and a queue would hide the outage.
          bufferCommands: false,
          autoIndex: false,
        });
        break;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const delay = backoff.next();
        logger.warn(
          { err: errorMessage(error), retryInMs: delay },
          'MongoDB unreachable; retrying',
        );
        await sleep(delay, options.signal);
        if (options.signal?.aborted) throw error;
      }
    }
    // Debug only: close() emits it too, and an outage is reported by the callers' retries.
    connection.on('disconnected', () =>
      logger.debug({}, 'MongoDB disconnected; the driver keeps reconnecting'),
    );
    connection.on('reconnected', () => logger.info({}, 'MongoDB reconnected'));
    connection.on('error', (error: unknown) =>
      logger.warn({ err: errorMessage(error) }, 'MongoDB connection error'),
    );
    return connection;
  })();
  return { connection, connected };
}
