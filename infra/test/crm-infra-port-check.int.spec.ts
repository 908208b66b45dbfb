// `crm-infra up` must not trust a running server of its data folder that does not answer on the
// configured port (a server started with other ports, or left by an aborted run): every app would be
// sent to a port where nothing listens. It refuses, names the variable and says how to recover.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, testInfrastructure } from '@crm/testing';

const run = promisify(execFile);
const CRM_INFRA = resolve(__dirname, '../local/crm-infra');

describe('crm-infra up with a running server on another port', () => {
  beforeAll(async () => {
    await testInfrastructure({ require: ['mongo'] });
  });

  it('refuses, naming the port variable, and starts nothing', async () => {
    const port = await freePort();
    const outcome = await run(CRM_INFRA, ['up', 'mongo'], {
      env: { ...process.env, CRM_MONGO_PORT: String(port) },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({
        code: error.code ?? -1,
        stderr: error.stderr ?? '',
      }),
    );

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`nothing answers on 127.0.0.1:${port} (CRM_MONGO_PORT)`);
    expect(outcome.stderr).toContain('down mongo');
  });
});
