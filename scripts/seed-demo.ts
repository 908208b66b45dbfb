// Demo data for `npm start`: a small tenant with a team, customers from several channels,
// interactions, purchases, tags and consent — loaded through the public GraphQL API, like a
// client app would. Safe to run again: every mutation carries a fixed idempotency key and
// existing users are left alone.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register scripts/seed-demo.ts
const gatewayUrl =
  process.env['CRM_GATEWAY_URL'] ?? `http://127.0.0.1:${process.env['CRM_GATEWAY_PORT'] ?? '4000'}`;
const tenant = process.env['CRM_ADMIN_TENANT'] ?? 'demo';
const adminEmail = process.env['CRM_ADMIN_EMAIL'] ?? 'admin@demo.example';
const adminPassword = process.env['CRM_ADMIN_PASSWORD'];
/** Demo users share one password, printed at the end; never use these outside a demo. */
const demoPassword = 'demo-password-2026';

interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function graphql<T>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResult<T>> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<T>;
}

async function must<T>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const result = await graphql<T>(query, variables, token);
  if (result.errors?.length || !result.data)
    throw new Error(`demo seed failed: ${JSON.stringify(result.errors)}`);
  return result.data;
}

async function login(email: string, password: string): Promise<string> {
  const data = await must<{ login: { token: string } }>(
    'mutation($input: LoginInput!) { login(input: $input) { token } }',
    { input: { tenant, email, password } },
  );
  return data.login.token;
}

const users = [
  {
    email: 'manager@demo.example',
    displayName: 'Maria Manager',
    roles: ['SALES_MANAGER'],
    teamId: 'north',
  },
  { email: 'rep1@demo.example', displayName: 'Rafael Rep', roles: ['SALES_REP'], teamId: 'north' },
  { email: 'rep2@demo.example', displayName: 'Rita Rep', roles: ['SALES_REP'], teamId: 'north' },
  { email: 'agent@demo.example', displayName: 'Sam Service', roles: ['SERVICE_AGENT'] },
  { email: 'marketer@demo.example', displayName: 'Mia Marketing', roles: ['MARKETER'] },
  { email: 'auditor@demo.example', displayName: 'Aldo Auditor', roles: ['AUDITOR'] },
];

const people = [
  ['Ada', 'Lovelace', 'ONLINE_STORE', 'engines'],
  ['Charles', 'Babbage', 'OFFLINE_STORE', 'engines'],
  ['Grace', 'Hopper', 'WEB_FORM', 'compilers'],
  ['Alan', 'Turing', 'EVENT', 'cryptography'],
  ['Katherine', 'Johnson', 'SOCIAL', 'navigation'],
  ['Edsger', 'Dijkstra', 'ONLINE_STORE', 'algorithms'],
  ['Barbara', 'Liskov', 'WEB_FORM', 'compilers'],
  ['Donald', 'Knuth', 'OFFLINE_STORE', 'typesetting'],
] as const;

async function main(): Promise<void> {
  if (!adminPassword)
    throw new Error(
      'CRM_ADMIN_PASSWORD is not set (scripts/platform.sh writes it to .data/secrets.env)',
    );
  const admin = await login(adminEmail, adminPassword);

  const userIds = new Map<string, string>();
  for (const user of users) {
    const created = await graphql<{ createUser: { id: string } }>(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: {
          ...user,
          password: demoPassword,
          idempotencyKey: `demo-user-${user.email.replace('@', '.')}`,
        },
      },
      admin,
    );
    if (created.data) userIds.set(user.email, created.data.createUser.id);
  }
  const listed = await must<{ users: { id: string; email: string }[] }>(
    '{ users { id email } }',
    {},
    admin,
  );
  for (const user of listed.users) userIds.set(user.email, user.id);
  const reps = ['rep1@demo.example', 'rep2@demo.example'].map((email) => userIds.get(email));

  for (const [index, [firstName, lastName, channel, interest]] of people.entries()) {
    const key = `demo-${lastName.toLowerCase()}`;
    const email = `${firstName}.${lastName}@example.com`.toLowerCase();
    const registered = await must<{ registerCustomer: { customerId: string } }>(
      'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }',
      {
        input: {
          idempotencyKey: `${key}-register`,
          person: { firstName, lastName },
          contacts: [{ email, primary: true }, { phone: `+4930555${String(1000 + index)}` }],
          acquiredVia: { channel, externalId: `${channel.toLowerCase()}-${1000 + index}` },
          initialStatus: index % 3 === 0 ? 'PROSPECT' : 'ACTIVE',
          ownerUserId: reps[index % 2],
          teamId: 'north',
        },
      },
      admin,
    );
    const customerId = registered.registerCustomer.customerId;
    await must(
      'mutation($input: TagsInput!) { tagCustomer(input: $input) { streamVersion } }',
      {
        input: {
          customerId,
          idempotencyKey: `${key}-tags`,
          tags: [
            { kind: 'INTEREST', value: interest },
            { kind: 'BUYING_MOTIVE', value: index % 2 ? 'quality' : 'price' },
          ],
        },
      },
      admin,
    );
    await must(
      'mutation($input: ConsentInput!) { grantConsent(input: $input) { streamVersion } }',
      {
        input: {
          customerId,
          channel: 'EMAIL',
          source: 'web-form:newsletter',
          idempotencyKey: `${key}-consent`,
        },
      },
      admin,
    );
    await must(
      'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { streamVersion } }',
      {
        input: {
          customerId,
          kind: index % 2 ? 'CALL' : 'MEETING',
          subject: 'Introduction',
          outcome: 'interested',
          idempotencyKey: `${key}-interaction`,
        },
      },
      admin,
    );
    for (let order = 0; order < (index % 4) + 1; order += 1) {
      const amount = (49.9 * (order + 1) + index * 10).toFixed(2);
      await must(
        'mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { streamVersion } }',
        {
          input: {
            customerId,
            idempotencyKey: `${key}-order-${order}`,
            orderId: `DEMO-${index}-${order}`,
            channel,
            currency: 'EUR',
            amount,
            items: [
              {
                sku: `SKU-${interest}`,
                name: `${interest} starter kit`,
                category: interest,
                quantity: 1,
                unitPrice: amount,
              },
            ],
          },
        },
        admin,
      );
    }
  }
  console.log(
    `Demo data loaded: ${people.length} customers, ${users.length} users (password for all demo users: ${demoPassword}).`,
  );
  console.log(`Demo users: ${users.map((u) => `${u.email} (${u.roles.join(',')})`).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
