// The running platform as end-to-end specs reach it: the gateway's URL and the seeded admin (from
// the environment that scripts/platform.sh writes to .data/secrets.env), and a client logged in
// as that admin, failing with a clear message when the platform is not up.
import { GatewayGraphQLClient } from './graphql-client';

export const gatewayUrl =
  process.env['CRM_GATEWAY_URL'] ?? `http://127.0.0.1:${process.env['CRM_GATEWAY_PORT'] ?? '4000'}`;

export const admin = {
  tenant: process.env['CRM_ADMIN_TENANT'] ?? 'demo',
  email: process.env['CRM_ADMIN_EMAIL'] ?? 'admin@demo.example',
  password: process.env['CRM_ADMIN_PASSWORD'] ?? '',
};

/** A client logged in as the seeded admin of the running platform. */
export async function loginToRunningPlatform(): Promise<GatewayGraphQLClient> {
  // jest runs specs in their own realm: a fetch failure is not `instanceof Error` here.
  const ready = await fetch(`${gatewayUrl}/ready`).catch(
    (error: unknown) => new Error(String((error as Error).cause ?? error)),
  );
  if (ready instanceof Error || !ready.ok) {
    throw new Error(
      `The platform is not running at ${gatewayUrl} (${ready instanceof Error ? ready.message : `HTTP ${ready.status}`}). ` +
        'Start it with `scripts/platform.sh up` (or `npm start`); `npm test` does this before the end-to-end tier.',
    );
  }
  if (!admin.password)
    throw new Error(
      'CRM_ADMIN_PASSWORD is not set: source .data/secrets.env (written by scripts/platform.sh).',
    );
  return new GatewayGraphQLClient({ baseUrl: gatewayUrl }).login(
    admin.tenant,
    admin.email,
    admin.password,
  );
}

/** The customers topic as the running relay names it (`CRM_TOPIC_NAMESPACE` prefixes it). */
export const customersTopic = `${process.env['CRM_TOPIC_NAMESPACE'] ?? ''}crm.customers.events`;

/** Creates a user of the admin's tenant (by the admin) and returns a client logged in as them. */
export async function createPlatformUser(
  adminClient: GatewayGraphQLClient,
  user: { email: string; displayName: string; password: string; role: string; teamId: string },
): Promise<{ client: GatewayGraphQLClient; userId: string }> {
  const created = await adminClient.data<{ createUser: { id: string } }>(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    {
      input: {
        email: user.email,
        displayName: user.displayName,
        password: user.password,
        roles: [user.role],
        teamId: user.teamId,
      },
    },
  );
  const client = await new GatewayGraphQLClient({ baseUrl: gatewayUrl }).login(
    admin.tenant,
    user.email,
    user.password,
  );
  return { client, userId: created.createUser.id };
}
