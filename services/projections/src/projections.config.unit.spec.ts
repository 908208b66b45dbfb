import { ConfigError } from '@crm/messaging';
import { loadProjectionsConfig } from './projections.config';

const KEY = { CRM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };

describe('projection workers configuration', () => {
  it('has working local defaults and runs the whole catalogue by default', () => {
    expect(loadProjectionsConfig(KEY, ['a', 'b'])).toMatchObject({
      mongoUrl: 'mongodb://127.0.0.1:57017/crm',
      only: [],
      healthPort: 9102,
      batchSize: 500,
    });
  });

  it('can run a subset of the catalogue', () => {
    expect(loadProjectionsConfig({ ...KEY, CRM_PROJECTIONS: 'b, a' }, ['a', 'b']).only).toEqual([
      'b',
      'a',
    ]);
  });

  it('fails at boot naming each bad variable', () => {
    const load = (): unknown =>
      loadProjectionsConfig(
        { CRM_PROJECTIONS: 'nope', CRM_MONGO_URL: 'http://x', CRM_PROJECTIONS_BATCH_SIZE: '-1' },
        ['a'],
      );
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/CRM_PROJECTIONS names an unknown projection "nope"/);
    expect(load).toThrow(/CRM_MONGO_URL/);
    expect(load).toThrow(/CRM_PROJECTIONS_BATCH_SIZE/);
    expect(load).toThrow(/CRM_MASTER_KEY/);
  });

  it('keeps the report rollups current only in the process that runs the whole catalogue', () => {
    expect(loadProjectionsConfig(KEY, ['a', 'b']).reportRollupMs).toBe(10_000);
    expect(loadProjectionsConfig({ ...KEY, CRM_PROJECTIONS: 'a' }, ['a']).reportRollupMs).toBe(0);
    const set = { ...KEY, CRM_PROJECTIONS: 'a', CRM_PROJECTIONS_REPORT_ROLLUP_MS: '2000' };
    expect(loadProjectionsConfig(set, ['a']).reportRollupMs).toBe(2000);
    expect(() =>
      loadProjectionsConfig({ ...KEY, CRM_PROJECTIONS_REPORT_ROLLUP_MS: '-5' }, ['a']),
    ).toThrow(/CRM_PROJECTIONS_REPORT_ROLLUP_MS/);
  });
});
