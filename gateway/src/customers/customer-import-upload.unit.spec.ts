// POST /imports/customers: multipart CSV upload streamed to the service, same roles and errors as
// the importCustomers mutation.
import { startTestGateway, type TestGateway, type UserName } from '../../test/support/test-gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ CRM_GATEWAY_MAX_UPLOAD_BYTES: '4096' });
  gw.infra.customersClient.responses['StreamImport'] = (request: Record<string, unknown>) => ({
    importId: '0190a000-0000-7000-8000-00000000f001',
    state: 'IMPORT_STATE_RUNNING',
    fileName: request['fileName'],
  });
});
afterAll(() => gw.close());

function form(
  fields: Record<string, string>,
  csv: string | null = 'email\nada@example.com\n',
): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  if (csv !== null) data.append('file', new Blob([csv], { type: 'text/csv' }), 'customers.csv');
  return data;
}

async function upload(user: UserName | null, body: FormData, headers: Record<string, string> = {}) {
  const token = user ? gw.as(user).token : null;
  const res = await fetch(`${gw.baseUrl}/imports/customers`, {
    method: 'POST',
    body,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      errors?: { message: string; extensions: Record<string, unknown> }[];
      importId?: string;
      state?: string;
      fileName?: string;
    },
  };
}

const MAPPING = JSON.stringify([{ column: 'email', target: 'email' }]);

test('an admin uploads a CSV; it is streamed to the service with the token’s tenant', async () => {
  const r = await upload(
    'admin',
    form({ mapping: MAPPING, options: JSON.stringify({ duplicatePolicy: 'REJECT' }) }),
    { 'idempotency-key': 'upload-1' },
  );
  expect(r).toEqual({
    status: 202,
    body: expect.objectContaining({
      importId: '0190a000-0000-7000-8000-00000000f001',
      state: 'RUNNING',
      fileName: 'customers.csv',
    }),
  });
  const call = gw.infra.customersClient.calls.at(-1);
  expect(call?.method).toBe('StreamImport');
  expect(call?.call).toMatchObject({ idempotencyKey: 'upload-1', principal: { tenantId: 'acme' } });
  expect(call?.request).toMatchObject({
    mapping: [{ column: 'email', target: 'email' }],
    options: { duplicatePolicy: 'DUPLICATE_POLICY_REJECT' },
  });
  expect(Buffer.from(call?.request['csv'] as Buffer).toString()).toBe('email\nada@example.com\n');
});

test.each([
  { user: null, status: 401, code: 'UNAUTHENTICATED' },
  { user: 'rep', status: 403, code: 'FORBIDDEN' },
  { user: 'auditor', status: 403, code: 'FORBIDDEN' },
] as const)('$user → $status', async ({ user, status, code }) => {
  const r = await upload(user, form({ mapping: MAPPING }));
  expect({ status: r.status, code: r.body.errors?.[0]?.extensions['code'] }).toEqual({
    status,
    code,
  });
});

test('bad form fields are field errors and nothing is sent', async () => {
  const before = gw.infra.customersClient.calls.length;
  const r = await upload(
    'admin',
    form({ mapping: '[{"column": "email", "target": "$where"}]', importId: 'x' }),
  );
  expect(r.status).toBe(400);
  expect(r.body.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fieldErrors: [
      { field: 'form.mapping[0].target', code: 'UNKNOWN_VALUE', message: expect.any(String) },
      { field: 'form.importId', code: 'INVALID_FORMAT', message: 'importId must be a UUID' },
    ],
  });
  const missing = await upload('admin', form({ mapping: 'not json' }, null));
  expect(missing.body.errors?.[0]?.extensions['fieldErrors']).toEqual([
    { field: 'form.file', code: 'REQUIRED', message: expect.any(String) },
    { field: 'form.mapping', code: 'INVALID_FORMAT', message: 'mapping must be valid JSON' },
  ]);
  expect(gw.infra.customersClient.calls.length).toBe(before);
});

test('a file over the upload limit is 413', async () => {
  const r = await upload(
    'admin',
    form({ mapping: MAPPING }, `email\n${'x@example.com\n'.repeat(400)}`),
  );
  expect({ status: r.status, code: r.body.errors?.[0]?.extensions['code'] }).toEqual({
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  });
});

test('fields after the file are refused (the file is streamed on as it arrives), nothing is sent', async () => {
  const before = gw.infra.customersClient.calls.length;
  const data = new FormData();
  data.append('file', new Blob(['email\nada@example.com\n'], { type: 'text/csv' }), 'late.csv');
  data.append('mapping', MAPPING);
  const r = await upload('admin', data);
  expect(r.status).toBe(400);
  expect(r.body.errors?.[0]?.extensions['fieldErrors']).toEqual([
    {
      field: 'form.mapping',
      code: 'REQUIRED',
      message: expect.stringContaining('before the file') as string,
    },
  ]);
  expect(gw.infra.customersClient.calls.length).toBe(before);
});
