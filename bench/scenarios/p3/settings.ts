// P3's shared settings: the relay's batch, and the steady-state load of the lag measurement.
import path from 'node:path';

export const RELAY_SIDES = path.join(__dirname, '..', '..', 'sides', 'relay-sides.ts');
/** The relay's default batch (events per store read and per sendBatch). */
export const BATCH_SIZE = 500;
export const RATE_PER_S = 1000;
export const TICK_MS = 10;
export const EVENTS_PER_TICK = (RATE_PER_S * TICK_MS) / 1000;
