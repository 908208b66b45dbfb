// The port of the user store: PostgreSQL in production (UserRepository), in memory in unit tests.
import { type UserRepository } from './user.repository';

export type UserStore = Pick<
  UserRepository,
  | 'findByEmail'
  | 'findByIds'
  | 'list'
  | 'teamMemberIds'
  | 'insert'
  | 'insertIfAbsent'
  | 'update'
  | 'countActiveAdmins'
>;

export const USER_STORE = Symbol('USER_STORE');
