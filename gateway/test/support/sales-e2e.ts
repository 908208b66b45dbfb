// Helpers of the sales end-to-end specs: users of a sales team created by the admin and logged in,
// and a mutation that answers what every sales command answers (createdId, position).
import { GatewayGraphQLClient } from './graphql-client';
import { admin, gatewayUrl } from './running-platform';

export interface SalesUser {
  readonly client: GatewayGraphQLClient;
  readonly userId: string;
}

/** A user of `teamId` with `role`, created by `adminClient`; e-mail unique per `run`. */
export async function salesUser(
  adminClient: GatewayGraphQLClient,
  run: string,
  name: string,
  role: string,
  teamId: string,
): Promise<SalesUser> {
  const email = `${name}.${run}@sales.example`;
  const password = `correct-horse-${run}`;
  const created = await adminClient.data<{ createUser: { id: string } }>(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    { input: { email, displayName: name, password, roles: [role], teamId } },
  );
  const client = await new GatewayGraphQLClient({ baseUrl: gatewayUrl }).login(
    admin.tenant,
    email,
    password,
  );
  return { client, userId: created.createUser.id };
}

export interface SalesResult {
  readonly createdId: string | null;
  readonly position: string;
}

/** Runs `mutation(input: <Mutation>Input!)` and answers its createdId and position. */
export async function salesCommand(
  client: GatewayGraphQLClient,
  mutation: string,
  input: object,
): Promise<SalesResult> {
  const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const data = await client.data<Record<string, SalesResult>>(
    `mutation($input: ${inputType}!) { ${mutation}(input: $input) { createdId position } }`,
    { input },
  );
  return data[mutation]!;
}
