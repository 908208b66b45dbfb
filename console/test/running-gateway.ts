// The running platform as the console's browser tests reach it: the gateway's URL (which serves
// the console), the seeded admin from .data/secrets.env, and a GraphQL call to set up data.
export const gatewayUrl =
  process.env['CRM_GATEWAY_URL'] ?? `http://127.0.0.1:${process.env['CRM_GATEWAY_PORT'] ?? '4000'}`;

export const demoAdmin = {
  tenant: process.env['CRM_ADMIN_TENANT'] ?? 'demo',
  email: process.env['CRM_ADMIN_EMAIL'] ?? 'admin@demo.example',
  password: process.env['CRM_ADMIN_PASSWORD'] ?? '',
};

/** One GraphQL operation as a client app sends it (JSON POST); throws on any error. */
export async function graphql<T>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const res = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data)
    throw new Error(
      `GraphQL failed: ${body.errors?.map((e) => e.message).join('; ') ?? res.status}`,
    );
  return body.data;
}

/** The admin's token; fails with how to start the platform when it is not running. */
export async function signInAsDemoAdmin(): Promise<string> {
  if (!demoAdmin.password)
    throw new Error(
      'CRM_ADMIN_PASSWORD is not set: source .data/secrets.env (scripts/platform.sh).',
    );
  const ready = await fetch(`${gatewayUrl}/ready`).catch((e: unknown) => new Error(String(e)));
  if (ready instanceof Error || !ready.ok)
    throw new Error(
      `The platform is not running at ${gatewayUrl}: start it with scripts/platform.sh up.`,
    );
  const data = await graphql<{ login: { token: string } }>(
    'mutation ($input: LoginInput!) { login(input: $input) { token } }',
    { input: demoAdmin },
  );
  return data.login.token;
}
