// Login and user management. `login` is the only anonymous operation of the API.
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { AllowAnonymous, AllowAnyRole, AllowRoles } from '../authz/allow.decorator';
import { Role } from '../authz/role';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import { principalOf } from '../customers/customer-access';
import { DuplicateEmailError } from './user.repository';
import { USER_STORE, type UserStore } from './user-store';
import {
  CreateUserInput,
  LoginInput,
  LoginPayload,
  UpdateUserInput,
  User,
  UsersFilter,
  toUser,
} from './user.model';

@Resolver(() => User)
export class UsersResolver {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(USER_STORE) private readonly userStore: UserStore,
  ) {}

  @Mutation(() => LoginPayload, {
    description: 'Exchanges e-mail, password and tenant for an access token.',
  })
  @AllowAnonymous()
  async login(
    @Args('input') input: LoginInput,
    @Context() ctx: GatewayContext,
  ): Promise<LoginPayload> {
    const result = await this.auth.login({
      tenantId: input.tenant,
      email: input.email,
      password: input.password,
      clientIp: ctx.clientIp,
    });
    return {
      token: result.token,
      expiresInSeconds: result.expiresInSeconds,
      user: toUser(result.user),
    };
  }

  @Query(() => User, { description: 'The signed-in user.' })
  @AllowAnyRole()
  async me(@Context() ctx: GatewayContext): Promise<User> {
    const principal = principalOf(ctx);
    const user = await ctx.loaders.users.load(principal.userId);
    if (!user) throw new NotFoundError('User', principal.userId);
    return toUser(user);
  }

  @Query(() => [User], { description: 'Users of the tenant, ordered by e-mail.' })
  @AllowRoles(Role.ADMIN, Role.AUDITOR)
  async users(
    @Args('filter', { nullable: true, type: () => UsersFilter }) filter: UsersFilter | null,
    @Context() ctx: GatewayContext,
  ): Promise<User[]> {
    const principal = principalOf(ctx);
    const records = await this.userStore.list(principal.tenantId, {
      teamId: filter?.teamId ?? null,
      limit: filter?.first ?? 50,
      ...(filter?.afterEmail ? { afterEmail: filter.afterEmail.toLowerCase() } : {}),
    });
    return records.map(toUser);
  }

  @Mutation(() => User, { description: 'Creates a user in the caller’s tenant.' })
  @AllowRoles(Role.ADMIN)
  async createUser(
    @Args('input') input: CreateUserInput,
    @Context() ctx: GatewayContext,
  ): Promise<User> {
    try {
      const user = await this.auth.createUser(principalOf(ctx), {
        email: input.email,
        displayName: input.displayName,
        password: input.password,
        roles: input.roles,
        teamId: input.teamId ?? null,
      });
      return toUser(user);
    } catch (error) {
      if (error instanceof DuplicateEmailError) {
        throw new BadUserInputError(
          'Invalid input: a user with this e-mail already exists in the tenant.',
          [
            {
              field: 'input.email',
              code: 'DUPLICATE',
              message: 'a user with this e-mail already exists in the tenant',
            },
          ],
        );
      }
      throw error;
    }
  }

  @Mutation(() => User, {
    description: 'Changes roles, team, active flag or password of a user of the caller’s tenant.',
  })
  @AllowRoles(Role.ADMIN)
  async updateUser(
    @Args('input') input: UpdateUserInput,
    @Context() ctx: GatewayContext,
  ): Promise<User> {
    if (input.clearTeam && input.teamId) {
      throw new BadUserInputError('Invalid input: give either teamId or clearTeam, not both.', [
        {
          field: 'input.clearTeam',
          code: 'NOT_ALLOWED',
          message: 'give either teamId or clearTeam, not both',
        },
      ]);
    }
    const user = await this.auth.updateUser(principalOf(ctx), input.userId, {
      ...(input.roles ? { roles: input.roles } : {}),
      ...(input.teamId ? { teamId: input.teamId } : input.clearTeam ? { teamId: null } : {}),
      ...(input.active !== undefined && input.active !== null ? { active: input.active } : {}),
      ...(input.password ? { password: input.password } : {}),
    });
    return toUser(user);
  }
}
