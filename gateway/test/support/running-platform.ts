// The running platform as end-to-end specs reach it (started by `scripts/platform.sh up`, as
// `npm test` does before the end-to-end tier): the gateway URL, the seeded admin, and a login that
// fails with a clear message when the platform is not up.
import { GatewayGraphQLClient } from './graphql-client';

export const gatewayUrl =
  process.env['CRM_GATEWAY_URL'] ?? `http://127.0.0.1:${process.env['CRM_GATEWAY_PORT'] ?? '4000'}`;

export const admin = {
  tenant: process.env['CRM_ADMIN_TENANT'] ?? 'demo',
  email: process.env['CRM_ADMIN_EMAIL'] ?? 'admin@demo.example',
  password: process.env['CRM_ADMIN_PASSWORD'] ?? '',
};

/** Checks that the gateway is ready and logs the seeded admin in. */
export async function loginAsAdmin(): Promise<GatewayGraphQLClient> {
  const ready = await fetch(`${gatewayUrl}/ready`).catch((error: unknown) => error as Error);
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
