import { Pool } from 'pg';
import { surviveConnectionLoss } from './session-bounds';

// No server needed: a Pool connects lazily, and the listeners are what is checked.
describe('surviveConnectionLoss', () => {
  it('attaches its listeners once however many owners pass the pool through it', () => {
    const pool = new Pool();
    surviveConnectionLoss(pool);
    surviveConnectionLoss(pool);
    surviveConnectionLoss(pool, () => undefined);
    expect(pool.listenerCount('error')).toBe(1);
    expect(pool.listenerCount('connect')).toBe(1);
  });

  it('reports an ended connection to the last onError given, not to a silent earlier default', () => {
    const pool = new Pool();
    const heardByLogger: Error[] = [];
    surviveConnectionLoss(pool);
    surviveConnectionLoss(pool, (error) => heardByLogger.push(error));
    const ended = new Error('terminating connection due to idle-in-transaction timeout');
    pool.emit('error', ended);
    expect(heardByLogger).toEqual([ended]);
  });
});
