// Login, seeding of the first admin, and user management. Users and roles live per tenant in the
// gateway's own PostgreSQL tables; passwords are scrypt hashes.
import { v7 as uuidv7 } from 'uuid';
import { type Principal } from '../authz/principal';
import { Role } from '../authz/role';
import { type SeedAdminConfig } from '../config/gateway-config';
import { ClientError, ErrorCode, NotFoundError } from '../graphql/gateway-errors';
import { type UserRecord } from '../users/user.repository';
import { type UserStore } from '../users/user-store';
import { type LoginThrottle } from './login-throttle';
import { type PasswordHasher } from './password-hasher';
import { type TokenService } from './token.service';

export interface LoginResult {
  readonly token: string;
  readonly expiresInSeconds: number;
  readonly user: UserRecord;
}

export class InvalidCredentialsError extends ClientError {
  constructor() {
    // One message for unknown tenant, unknown e-mail, wrong password and deactivated user.
    super('Invalid e-mail, password or tenant.', ErrorCode.UNAUTHENTICATED);
  }
}

export class AuthService {
  constructor(
    private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(input: {
    tenantId: string;
    email: string;
    password: string;
    clientIp: string;
  }): Promise<LoginResult> {
    const email = input.email.toLowerCase();
    const attempt = { account: `${input.tenantId}:${email}`, clientAddress: input.clientIp };
    const wait = this.throttle.retryAfterSeconds(attempt);
    if (wait > 0) {
      throw new ClientError(
        `Too many failed logins; try again in ${wait} seconds.`,
        ErrorCode.TOO_MANY_REQUESTS,
        { retryAfterSeconds: wait },
      );
    }
    const user = await this.users.findByEmail(input.tenantId, email);
    let valid = false;
    if (user) valid = await this.hasher.verify(input.password, user.passwordHash);
    else await this.hasher.burn(input.password);
    if (!user || !valid || !user.active) {
      this.throttle.recordFailure(attempt);
      throw new InvalidCredentialsError();
    }
    this.throttle.recordSuccess(attempt);
    // The password is known only now: the moment to move an old hash to the current parameters.
    const current = this.hasher.needsRehash(user.passwordHash)
      ? await this.users.update(user.tenantId, user.userId, {
          passwordHash: await this.hasher.hash(input.password),
        })
      : user;
    return {
      token: this.tokens.sign(toPrincipal(user)),
      expiresInSeconds: this.tokens.lifetimeSeconds,
      user: current ?? user,
    };
  }

  /** Creates the configured first admin unless that e-mail already exists in the tenant. */
  async seedAdmin(seed: SeedAdminConfig): Promise<boolean> {
    return this.users.insertIfAbsent({
      tenantId: seed.tenantId,
      userId: uuidv7(),
      email: seed.email,
      displayName: 'Administrator',
      passwordHash: await this.hasher.hash(seed.password),
      roles: [Role.ADMIN],
      teamId: null,
    });
  }

  async createUser(
    actor: Principal,
    input: {
      email: string;
      displayName: string;
      password: string;
      roles: readonly Role[];
      teamId: string | null;
    },
  ): Promise<UserRecord> {
    return this.users.insert({
      tenantId: actor.tenantId,
      userId: uuidv7(),
      email: input.email.toLowerCase(),
      displayName: input.displayName,
      passwordHash: await this.hasher.hash(input.password),
      roles: dedupe(input.roles),
      teamId: input.teamId,
    });
  }

  async updateUser(
    actor: Principal,
    userId: string,
    patch: { roles?: readonly Role[]; teamId?: string | null; active?: boolean; password?: string },
  ): Promise<UserRecord> {
    const removesAdmin =
      userId === actor.userId &&
      ((patch.roles !== undefined && !patch.roles.includes(Role.ADMIN)) || patch.active === false);
    if (removesAdmin && (await this.users.countActiveAdmins(actor.tenantId)) <= 1) {
      throw new ClientError(
        'You are the last active admin of this tenant; appoint another admin first.',
        ErrorCode.FAILED_PRECONDITION,
        {
          reason: 'LAST_ADMIN',
        },
      );
    }
    const updated = await this.users.update(actor.tenantId, userId, {
      ...(patch.roles !== undefined ? { roles: dedupe(patch.roles) } : {}),
      ...(patch.teamId !== undefined ? { teamId: patch.teamId } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.password !== undefined
        ? { passwordHash: await this.hasher.hash(patch.password) }
        : {}),
    });
    if (!updated) throw new NotFoundError('User', userId);
    return updated;
  }
}

export function toPrincipal(user: UserRecord): Principal {
  return {
    userId: user.userId,
    tenantId: user.tenantId,
    email: user.email,
    roles: user.roles,
    teamId: user.teamId,
  };
}

function dedupe<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
