// Starts the real gateway application on a free loopback port with in-memory infrastructure, and
// mints tokens for users of every role in two tenants. For unit-tier tests (no servers needed).
import { type INestApplication } from '@nestjs/common';
import { type Logger } from 'pino';
import { type AddressInfo } from 'node:net';
import { type Server } from 'node:http';
import { type AuditTrail } from '../../src/audit/audit-trail';
import { TokenService } from '../../src/auth/token.service';
import { type Principal } from '../../src/authz/principal';
import { Role } from '../../src/authz/role';
import { createGatewayApp } from '../../src/app/create-gateway-app';
import { type GatewayConfig } from '../../src/config/gateway-config';
import { GatewayGraphQLClient } from './graphql-client';
import {
  inMemoryInfrastructure,
  type InMemoryInfrastructure,
  testConfig,
} from './in-memory-infrastructure';

/** Fixed ids so tests can refer to people by name. */
export const USERS = {
  admin: { userId: '00000000-0000-7000-8000-000000000001', roles: [Role.ADMIN], teamId: null },
  manager: {
    userId: '00000000-0000-7000-8000-000000000002',
    roles: [Role.SALES_MANAGER],
    teamId: 'north',
  },
  rep: { userId: '00000000-0000-7000-8000-000000000003', roles: [Role.SALES_REP], teamId: 'north' },
  otherRep: {
    userId: '00000000-0000-7000-8000-000000000004',
    roles: [Role.SALES_REP],
    teamId: 'south',
  },
  agent: {
    userId: '00000000-0000-7000-8000-000000000005',
    roles: [Role.SERVICE_AGENT],
    teamId: null,
  },
  marketer: {
    userId: '00000000-0000-7000-8000-000000000006',
    roles: [Role.MARKETER],
    teamId: null,
  },
  auditor: { userId: '00000000-0000-7000-8000-000000000007', roles: [Role.AUDITOR], teamId: null },
} as const satisfies Record<string, { userId: string; roles: Role[]; teamId: string | null }>;

export type UserName = keyof typeof USERS;
export const TENANT = 'acme';
export const OTHER_TENANT = 'globex';

export interface TestGateway {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly infra: InMemoryInfrastructure;
  readonly config: GatewayConfig;
  /** A client authenticated as the named user of tenant `acme` (or another tenant). */
  as(user: UserName, tenantId?: string): GatewayGraphQLClient;
  anonymous(): GatewayGraphQLClient;
  principal(user: UserName, tenantId?: string): Principal;
  close(): Promise<void>;
}

export async function startTestGateway(
  configOverrides: Record<string, string> = {},
  options: { logger?: Logger; auditTrail?: AuditTrail } = {},
): Promise<TestGateway> {
  const config = testConfig(configOverrides);
  const base = inMemoryInfrastructure(options.logger);
  // An int test may put the auditor API on a real event store; the rest stays in memory.
  const infra = options.auditTrail ? { ...base, auditTrail: options.auditTrail } : base;
  for (const tenantId of [TENANT, OTHER_TENANT]) {
    for (const [name, user] of Object.entries(USERS)) {
      infra.userStore.rows.push({
        tenantId,
        userId: tenantId === TENANT ? user.userId : user.userId.replace(/^00000000/, '11111111'),
        email: `${name.toLowerCase()}@${tenantId}.example`,
        displayName: name,
        passwordHash: 'scrypt$invalid',
        roles: [...user.roles],
        teamId: user.teamId,
        active: true,
        createdAt: new Date('2024-01-01T00:00:00Z'),
      });
    }
  }
  const app = await createGatewayApp(config, infra);
  await app.listen(0, '127.0.0.1');
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const tokens = new TokenService(config.jwtSecret, config.jwtTtlSeconds, config.jwtIssuer);
  const principal = (user: UserName, tenantId = TENANT): Principal => {
    const u = USERS[user];
    return {
      userId: tenantId === TENANT ? u.userId : u.userId.replace(/^00000000/, '11111111'),
      tenantId,
      email: `${user.toLowerCase()}@${tenantId}.example`,
      roles: [...u.roles],
      teamId: u.teamId,
    };
  };
  return {
    app,
    baseUrl,
    infra,
    config,
    principal,
    as: (user, tenantId = TENANT) =>
      new GatewayGraphQLClient({ baseUrl, token: tokens.sign(principal(user, tenantId)) }),
    anonymous: () => new GatewayGraphQLClient({ baseUrl }),
    close: () => app.close(),
  };
}
