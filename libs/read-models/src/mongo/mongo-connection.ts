// Opens the mongoose connection the read side and the projection workers share, waiting with
// backoff while the server is unreachable (a worker that starts before MongoDB must not crash).
// After the first connection the driver reconnects by itself; operations in between fail fast
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

export async function connectMongo(
  url: string,
  options: MongoConnectionOptions = {},
): Promise<Connection> {
  const logger = options.logger ?? silentLogger;
  const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 5000 });
  for (;;) {
    const connection = mongoose.createConnection(url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
      connectTimeoutMS: 5000,
      heartbeatFrequencyMS: 1000,
      // Commands must fail while the server is away instead of queueing in mongoose's buffer:
      // the caller decides (retry the batch), and a queue would hide the outage.
      bufferCommands: false,
      autoIndex: false,
    });
    try {
      await connection.asPromise();
      // Debug only: close() emits it too, and an outage is reported by the callers' retries.
      connection.on('disconnected', () =>
        logger.debug({}, 'MongoDB disconnected; the driver keeps reconnecting'),
      );
      connection.on('reconnected', () => logger.info({}, 'MongoDB reconnected'));
      connection.on('error', (error: unknown) =>
        logger.warn({ err: errorMessage(error) }, 'MongoDB connection error'),
      );
      return connection;
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (options.signal?.aborted) throw error;
      const delay = backoff.next();
      logger.warn({ err: errorMessage(error), retryInMs: delay }, 'MongoDB unreachable; retrying');
      await sleep(delay, options.signal);
    }
  }
}
