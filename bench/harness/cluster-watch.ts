// Watches how long write transactions stay open in *other* databases of the PostgreSQL cluster
// while a measurement runs. The store's gap-free reads stop below the cluster-wide snapshot xmin,
// so such a transaction delays every subscriber (docs/benchmarks.md, P3): recording it next to
// the lag says whether a bad figure came from the platform or from a neighbour on the server.
import { Client } from 'pg';

export class ForeignTransactionWatch {
  private readonly client: Client;
  private timer: NodeJS.Timeout | undefined;
  private maxMs = 0;
  private sampling: Promise<void> = Promise.resolve();
  private state: 'new' | 'running' | 'stopped' = 'new';

  constructor(serverUrl: string) {
    this.client = new Client({ connectionString: serverUrl, application_name: 'crm-bench-watch' });
  }

  async start(): Promise<void> {
    await this.client.connect();
    this.state = 'running';
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample());
    }, 100);
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client
      .query<{ age_ms: number | null }>(
        `SELECT max(extract(epoch FROM clock_timestamp() - xact_start) * 1000)::float8 AS age_ms
         FROM pg_stat_activity
         WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()
           AND datname NOT LIKE 'crm_bench%'`,
      )
      .catch(() => ({ rows: [] as { age_ms: number | null }[] }));
    this.maxMs = Math.max(this.maxMs, rows[0]?.age_ms ?? 0);
  }

  /** Stops watching; returns the oldest foreign write transaction seen (ms; 0 = none). */
  async stop(): Promise<number> {
    if (this.state === 'running') {
      this.state = 'stopped';
      clearInterval(this.timer);
      await this.sampling;
      await this.client.end();
    }
    return Math.round(this.maxMs);
  }
}
