// The compatibility gate of proto/ (scripts/proto-check.sh, run by `npm test`): additive changes
// pass, a renumbered or renamed field fails and is named. Runs buf on a copy of proto/.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROTO_ROOT } from './customers-grpc';

const SCRIPT = path.resolve(PROTO_ROOT, '../scripts/proto-check.sh');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'proto-check-'));
  cpSync(PROTO_ROOT, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(from: string, to: string): void {
  const file = path.join(dir, 'customers.proto');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

function check(): { status: number | null; output: string } {
  const run = spawnSync('bash', [SCRIPT, dir], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test('the committed proto/ is compatible with the published contract', () => {
  expect(check()).toMatchObject({ status: 0 });
});

test('an added field is compatible', () => {
  edit(
    'message CommandResult {\n',
    'message CommandResult {\n  string note_added_by_test = 999;\n',
  );
  expect(check()).toMatchObject({ status: 0 });
});

test('a renumbered field is reported as breaking, naming the message and the field', () => {
  edit('  string customer_id = 2;  // optional', '  string customer_id = 12;  // optional');
  const result = check();
  expect(result.status).toBe(1);
  expect(result.output).toMatch(/"customer_id".*"RegisterCustomerRequest"/);
});

test('a renamed field is reported as breaking (the JS side binds to names)', () => {
  edit('  string owner_user_id = 7;', '  string owner_id = 7;');
  const result = check();
  expect(result.status).toBe(1);
  expect(result.output).toMatch(/owner_user_id/);
});
