// Users as clients see them (never the password hash).
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Role } from '../authz/role';
import { TENANT_ID_PATTERN } from '../config/gateway-config';
import { CommandInput } from '../customers/inputs/shared.inputs';
import { IsUuidId, TEAM_ID_RULE } from '../customers/inputs/validation-rules';
import { type UserRecord } from './user.repository';

@ObjectType()
export class User {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => String, { nullable: true }) teamId!: string | null;
  @Field(() => Boolean) active!: boolean;
  @Field(() => String) createdAt!: string;
}

export function toUser(record: UserRecord): User {
  return {
    id: record.userId,
    email: record.email,
    displayName: record.displayName,
    roles: [...record.roles],
    teamId: record.teamId,
    active: record.active,
    createdAt: record.createdAt.toISOString(),
  };
}

@ObjectType()
export class LoginPayload {
  @Field(() => String, {
    description:
      'Send as "Authorization: Bearer <token>" (HTTP) or connectionParams.authorization (WebSocket).',
  })
  token!: string;
  @Field(() => Int) expiresInSeconds!: number;
  @Field(() => User) user!: User;
}

const PASSWORD_RULES = { min: 12, max: 200 };

@InputType()
export class LoginInput {
  @Field(() => String, { description: 'The tenant (workspace) id.' })
  @Matches(TENANT_ID_PATTERN, {
    message: 'tenant must be a tenant id (lower-case letters, digits, "-" or "_")',
  })
  tenant!: string;
  @Field(() => String)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;
  @Field(() => String)
  @IsString()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(PASSWORD_RULES.max)
  password!: string;
}

@InputType()
export class CreateUserInput extends CommandInput {
  @Field(() => String)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address such as ada@example.com' })
  email!: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(200) displayName!: string;
  @Field(() => String, { description: `${PASSWORD_RULES.min}-${PASSWORD_RULES.max} characters.` })
  @IsString()
  @MinLength(PASSWORD_RULES.min, {
    message: `password must be at least ${PASSWORD_RULES.min} characters long`,
  })
  @MaxLength(PASSWORD_RULES.max)
  password!: string;
  @Field(() => [Role])
  @ArrayMinSize(1, { message: 'roles must contain at least one role' })
  @ArrayMaxSize(6)
  @IsEnum(Role, { each: true })
  roles!: Role[];
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TEAM_ID_RULE, { message: 'teamId must be 1-64 letters, digits, ".", "_" or "-"' })
  teamId?: string | null;
}

@InputType({
  description:
    'Only the given fields change; teamId: null removes the user from their team only when clearTeam is true.',
})
export class UpdateUserInput {
  @Field(() => ID) @IsUuidId('userId') userId!: string;
  @Field(() => [Role], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @IsEnum(Role, { each: true })
  roles?: Role[] | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TEAM_ID_RULE, { message: 'teamId must be 1-64 letters, digits, ".", "_" or "-"' })
  teamId?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() clearTeam?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_RULES.min, {
    message: `password must be at least ${PASSWORD_RULES.min} characters long`,
  })
  @MaxLength(PASSWORD_RULES.max)
  password?: string | null;
}

@InputType()
export class UsersFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TEAM_ID_RULE, { message: 'teamId must be 1-64 letters, digits, ".", "_" or "-"' })
  teamId?: string | null;
  @Field(() => Int, { nullable: true, description: '1-200, default 50.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  @Type(() => Number)
  first?: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'E-mail of the last user of the previous page.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  afterEmail?: string | null;
}
