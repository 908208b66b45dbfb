// A connection the server ends while the app holds it checked out must fail that client's work,
// not crash the process: the marketing service died of an unheard 'error' event when its timer
// worker stayed idle in a transaction past the server's timeout.
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import { createPostgresPool } from './session-bounds';

let database: ThrowawayDatabase;
beforeAll(async () => {
  database = await createThrowawayPostgresDatabase({ prefix: 'session_bounds' });
});
afterAll(async () => {
  await database?.drop();
});

describe('a pool of the platform', () => {
  it('survives the server ending a checked-out connection idle in a transaction', async () => {
    const pool = createPostgresPool({
      connectionString: database.url,
      max: 2,
      idle_in_transaction_session_timeout: 300,
    });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      // Idle in the transaction past the server's timeout: the server ends the session.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await expect(client.query('COMMIT')).rejects.toThrow();
      client.release(true);
      // The pool goes on with a fresh connection.
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await pool.end();
    }
  });
});
