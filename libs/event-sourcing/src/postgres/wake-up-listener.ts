// LISTEN on the event store's channel on one dedicated connection and wake waiting subscribers.
// Notifications are only a hint to read sooner: subscribers also poll, and reconnects are silent,
// so a lost notification costs latency, never an event.
import { Client } from 'pg';
import type { ClientConfig } from 'pg';

export const EVENT_STORE_CHANNEL = 'event_store_appended';

export class WakeUpListener {
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private readonly waiters = new Set<() => void>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly config: ClientConfig) {}

  start(): void {
    if (this.closed || this.client || this.connecting) return;
    this.connecting = this.connect().finally(() => {
      this.connecting = undefined;
    });
  }

  /** Resolves on the next notification, after `timeoutMs`, or when `abort` fires. */
  wait(timeoutMs: number, abort: AbortSignal): Promise<void> {
    this.start();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        abort.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      abort.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const wake of [...this.waiters]) wake();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    const lost = (): void => {
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
      this.wakeAll(); // a reconnect may have missed notifications: let everyone poll now
    };
    client.on('error', lost);
    client.on('end', () => {
      if (this.client === client) lost();
    });
    client.on('notification', () => this.wakeAll());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_STORE_CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
    } catch {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.start();
    }, 500);
    this.retryTimer.unref();
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
