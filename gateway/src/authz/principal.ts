// Who is calling: taken only from a verified token, never from GraphQL arguments. The access rules
// see the shared Principal (libs/access-policy); the gateway also knows the user's e-mail.
import { type Principal as AccessPrincipal } from '@crm/access-policy';

export { hasAnyRole } from '@crm/access-policy';

export interface Principal extends AccessPrincipal {
  readonly email: string;
}
