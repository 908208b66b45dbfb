// Demo data for `npm start`: a small tenant with a team, customers from several channels,
// interactions, purchases, tags and consent — loaded through the public GraphQL API, like a
// client app would. Safe to run again: every mutation carries a fixed idempotency key and
// existing users are left alone.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register scripts/seed-demo.ts
import { seedServiceDesk } from './seed-demo-service-desk';
import { showStandardReports } from './seed-demo-reports';
import { seedMarketing, seedSendingPolicy } from './seed-demo-marketing';

const gatewayUrl =
  process.env['CRM_GATEWAY_URL'] ?? `http://127.0.0.1:${process.env['CRM_GATEWAY_PORT'] ?? '4000'}`;
const tenant = process.env['CRM_ADMIN_TENANT'] ?? 'demo';
const adminEmail = process.env['CRM_ADMIN_EMAIL'] ?? 'admin@demo.example';
const adminPassword = process.env['CRM_ADMIN_PASSWORD'];
/** Demo users share one password, printed at the end; never use these outside a demo. */
const demoPassword = 'demo-password-2026';

interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
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
  const customerIds = new Map<string, string>();

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
    customerIds.set(lastName, customerId);
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
  await seedMergeAndErasure(admin, customerIds.get('Lovelace') as string);
  await seedImportThroughUpload(await login('manager@demo.example', demoPassword));
  await seedReadYourOwnWrite(admin);
  await seedLoyalty(
    admin,
    [...customerIds.entries()]
      .filter(([lastName]) => lastName !== 'Lovelace')
      .map(([, id]) => id)
      .slice(0, 3),
  );
  await seedSales(customerIds);
  const tickets = await seedServiceDesk(
    must,
    admin,
    userIds.get('agent@demo.example') as string,
    ['Hopper', 'Turing', 'Johnson'].map((lastName) => customerIds.get(lastName) as string),
  );
  console.log(
    `Service desk: ${tickets} tickets (new, waiting on customer, resolved complaint, closed, a duplicate merged, a customer's mail answered with an article, a social post from Kafka, a phone call linked by the caller's number), an internal article drafted from the complaint without personal data, a detractor's NPS answer with its follow-up care task.`,
  );
  const marketer = await login('marketer@demo.example', demoPassword);
  const campaign = await seedMarketing(must, marketer);
  console.log(
    `Marketing: a segment, a template in en and zh-CN, a campaign sent (${campaign.sent} mails in Mailpit, ${campaign.skipped} skipped) with one hard bounce reported, an A/B subject line test, four ready-made journeys.`,
  );
  const paced = await seedSendingPolicy(must, { admin, marketer }, [
    customerIds.get('Hopper') as string,
    customerIds.get('Babbage') as string,
  ]);
  console.log(
    `Marketing sending policy: Berlin quiet hours 22:00-07:00, caps per channel; the push campaign sent ${paced.sent} and waits (${paced.deferredReason ?? 'not deferred'}) for the rest.`,
  );
  await seedOrdersAfterCampaign(admin, [customerIds.get('Hopper'), customerIds.get('Babbage')]);
  console.log(
    `Demo data loaded: ${people.length} customers, one duplicate merged, one merged person erased, a CSV import by the manager, ${users.length} users (password for all demo users: ${demoPassword}).`,
  );
  console.log(`Demo users: ${users.map((u) => `${u.email} (${u.roles.join(',')})`).join(', ')}`);
  await showStandardReports(must, admin);
}

/**
 * Sales: leads in the queue (one qualified, one disqualified with a reason), deals at several stages
 * of the default pipeline owned by both reps (one lost with a reason), and a lead converted into a
 * known customer whose deal is won and ordered (the order reaches the customer's purchase history).
 * Each rep acts for themselves, so the manager's board shows the team and each rep only their own.
 */
async function seedSales(customerIds: ReadonlyMap<string, string>): Promise<void> {
  const rep1 = await login('rep1@demo.example', demoPassword);
  const rep2 = await login('rep2@demo.example', demoPassword);
  const send = async (token: string, mutation: string, input: Record<string, unknown>) => {
    const name = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    const data = await must<Record<string, { createdId: string | null }>>(
      `mutation($input: ${name}!) { ${mutation}(input: $input) { createdId } }`,
      { input },
      token,
    );
    return data[mutation]!.createdId ?? '';
  };
  const customer = (lastName: string) => customerIds.get(lastName) as string;
  const lead = (token: string, key: string, name: string, company: string, source: string) =>
    send(token, 'captureLead', {
      idempotencyKey: `demo-sales-lead-${key}`,
      source,
      contact: { name, email: `${key}@leads.example` },
      companyName: company,
    });

  const lamarr = await lead(rep1, 'lamarr', 'Hedy Lamarr', 'Frequency Hopping GmbH', 'WEB_FORM');
  const shannon = await lead(rep2, 'shannon', 'Claude Shannon', 'Information Theory Inc', 'API');
  await send(rep2, 'qualifyLead', {
    idempotencyKey: 'demo-sales-qualify-shannon',
    leadId: shannon,
    note: 'Budget confirmed for Q2',
  });
  const spam = await lead(rep1, 'spam', 'Test Test', 'asdf', 'WEB_FORM');
  await send(rep1, 'disqualifyLead', {
    idempotencyKey: 'demo-sales-disqualify-spam',
    leadId: spam,
    reason: 'Not a real company: a test submission of the web form',
  });

  // Grace Hopper's lead is converted into her customer record; the deal is won and ordered.
  const hopperLead = await lead(rep1, 'hopper', 'Grace Hopper', 'Compilers Unlimited', 'IMPORT');
  const hopperDeal = await send(rep1, 'convertLead', {
    idempotencyKey: 'demo-sales-convert-hopper',
    leadId: hopperLead,
    customerId: customer('Hopper'),
    opportunityName: 'Compiler toolchain',
    amount: '4800.00',
    currency: 'EUR',
    expectedCloseOn: '2027-01-31',
  });
  await send(rep1, 'moveOpportunityStage', {
    idempotencyKey: 'demo-sales-hopper-negotiation',
    opportunityId: hopperDeal,
    stageId: 'negotiation',
  });
  await send(rep1, 'winOpportunity', {
    idempotencyKey: 'demo-sales-hopper-won',
    opportunityId: hopperDeal,
  });
  const hopperOrder = await send(rep1, 'placeOrder', {
    idempotencyKey: 'demo-sales-hopper-order',
    customerId: customer('Hopper'),
    opportunityId: hopperDeal,
    currency: 'EUR',
    channel: 'WEB_FORM',
    lines: [
      {
        sku: 'CC-SEAT',
        name: 'Compiler seat',
        category: 'licences',
        quantity: 4,
        unitPrice: '1000.00',
      },
      {
        sku: 'CC-TRAIN',
        name: 'Training day',
        category: 'services',
        quantity: 1,
        unitPrice: '800.00',
      },
    ],
  });

  // Open deals across the board, and one lost with its reason.
  const deals: [string, string, string, string, string, string][] = [
    // token, key, customer, name, amount, stage
    [rep1, 'johnson', 'Johnson', 'Navigation suite', '12000.00', 'qualified'],
    [rep1, 'liskov', 'Liskov', 'Type system audit', '6500.00', 'proposal'],
    [rep2, 'babbage', 'Babbage', 'Difference engine service', '2300.00', 'new'],
    [rep2, 'turing', 'Turing', 'Cipher consulting', '9100.00', 'negotiation'],
    [rep2, 'knuth', 'Knuth', 'Typesetting licence', '1500.00', 'proposal'],
  ];
  const opened = new Map<string, string>();
  for (const [token, key, lastName, name, amount, stageId] of deals) {
    opened.set(
      key,
      await send(token, 'openOpportunity', {
        idempotencyKey: `demo-sales-deal-${key}`,
        name,
        customerId: customer(lastName),
        stageId,
        amount,
        currency: 'EUR',
        expectedCloseOn: '2027-03-31',
      }),
    );
  }
  await send(rep2, 'loseOpportunity', {
    idempotencyKey: 'demo-sales-knuth-lost',
    opportunityId: opened.get('knuth'),
    reason: 'Chose an in-house typesetting system',
  });
  await seedQuotesAndActivities(send, rep1, rep2, opened);
  await seedTeamQuotasAndContract(send, rep1, customer('Johnson'));
  await seedRoutingLinesAndFulfilment(send, rep1, rep2, hopperOrder, customer('Liskov'));
  await seedConversionPolicyAndFollowUps(send, rep1);
  await seedFollowUpDueToday(send, rep1);
  // Scores in the lead queue: fit, engagement and a win probability learned from the won deal.
  const day = new Date().toISOString().slice(0, 10);
  await send(rep1, 'recordLeadEngagement', {
    idempotencyKey: `demo-sales-engagement-lamarr-${day}`,
    leadId: lamarr,
    kind: 'form_submitted',
    occurredAt: `${day}T00:00:00.000Z`, // already past whenever the seed runs today
  });
  await send(rep1, 'scoreLead', {
    idempotencyKey: `demo-sales-score-lamarr-${day}`,
    leadId: lamarr,
  });
  await send(rep2, 'scoreLead', {
    idempotencyKey: `demo-sales-score-shannon-${day}`,
    leadId: shannon,
  });
}

type SalesSend = (
  token: string,
  mutation: string,
  input: Record<string, unknown>,
) => Promise<string>;

/**
 * Quotes and activities: rep1's deep discount on the Liskov deal waits in the manager's approval
 * queue; rep2's Turing quote is sent and expires at the start of the month after next (its timers
 * remind a week and a day before). Each rep has calls and tasks due (one overdue) with reminders.
 * Dates are anchored to the month and day the seed runs, and so are their idempotency keys.
 */
async function seedQuotesAndActivities(
  send: SalesSend,
  rep1: string,
  rep2: string,
  opened: ReadonlyMap<string, string>,
): Promise<void> {
  const now = new Date();
  const validUntil = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1),
  ).toISOString();
  const month = validUntil.slice(0, 7);
  const line = (name: string, quantity: number, unitPrice: string, discountPercent: number) => ({
    name,
    category: 'services',
    quantity,
    unitPrice,
    discountPercent,
  });
  await send(rep1, 'createQuote', {
    idempotencyKey: `demo-sales-quote-liskov-${month}`,
    opportunityId: opened.get('liskov'),
    validUntil,
    lines: [line('Audit day', 5, '1300.00', 25)],
  });
  const turing = await send(rep2, 'createQuote', {
    idempotencyKey: `demo-sales-quote-turing-${month}`,
    opportunityId: opened.get('turing'),
    validUntil,
    lines: [line('Consulting day', 7, '1300.00', 10)],
  });
  await send(rep2, 'sendQuote', {
    idempotencyKey: `demo-sales-quote-turing-sent-${month}`,
    quoteId: turing,
  });

  const day = now.toISOString().slice(0, 10);
  const at = (days: number, hour: number) =>
    new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour),
    ).toISOString();
  const activities: [string, string, string, string, string, string, number, number][] = [
    // token, key, kind, subject, about kind, deal, due in days, hour (UTC)
    [
      rep1,
      'johnson-call',
      'CALL',
      'Call about the navigation suite budget',
      'OPPORTUNITY',
      'johnson',
      1,
      9,
    ],
    [
      rep1,
      'liskov-meeting',
      'MEETING',
      'Walk through the audit quote',
      'OPPORTUNITY',
      'liskov',
      3,
      14,
    ],
    [rep2, 'turing-task', 'TASK', 'Send the signed NDA', 'OPPORTUNITY', 'turing', -1, 16],
    [rep2, 'babbage-call', 'CALL', 'Discovery call', 'OPPORTUNITY', 'babbage', 0, 15],
  ];
  for (const [token, key, kind, subject, aboutKind, deal, days, hour] of activities) {
    const dueAt = at(days, hour);
    await send(token, 'scheduleActivity', {
      idempotencyKey: `demo-sales-activity-${key}-${day}`,
      kind,
      subject,
      aboutKind,
      aboutId: opened.get(deal),
      dueAt,
      remindAt: new Date(Date.parse(dueAt) - 15 * 60_000).toISOString(),
    });
  }
}

const REGISTER =
  'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId result { position } } }';
const MERGE =
  'mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) { streamVersion } }';

interface Registered {
  registerCustomer: { customerId: string; result: { position: string } };
}

/** `position`: read the customer only once the read model has applied the seed's registrations. */
async function statusOf(id: string, token: string, position: string): Promise<string> {
  const data = await must<{ customer: { status: string } | null }>(
    'query($id: ID!, $p: String) { customer(id: $id, atLeastPosition: $p) { status } }',
    { id, p: position },
    token,
  );
  return data.customer?.status ?? 'UNKNOWN';
}

/**
 * Dedupe and merge, and erasure across a merge (docs/personal-data.md): Ada registered a second
 * time from the shop is merged into her first record; Erin, also registered twice and merged, asked
 * to be forgotten, so erasing her merged-away id erases the whole person (both ids).
 */
async function seedMergeAndErasure(admin: string, adaId: string): Promise<void> {
  const register = (key: string, firstName: string, lastName: string, email: string) =>
    must<Registered>(
      REGISTER,
      {
        input: {
          idempotencyKey: key,
          person: { firstName, lastName },
          contacts: [{ email, primary: true }],
          acquiredVia: { channel: 'ONLINE_STORE' },
        },
      },
      admin,
    );
  const adaAgain = await register(
    'demo-lovelace-shop',
    'A.',
    'Lovelace',
    'ada.lovelace@example.com',
  );
  const erin = await register(
    'demo-erased-register',
    'Erin',
    'Example',
    'erin.example@example.com',
  );
  const erinAgain = await register('demo-erased-shop', 'E.', 'Example', 'erin.example@example.com');
  const adaAgainId = adaAgain.registerCustomer.customerId;
  const erinId = erin.registerCustomer.customerId;
  const erinAgainId = erinAgain.registerCustomer.customerId;
  const registered = erinAgain.registerCustomer.result.position;
  // Safe to run again: what is already merged or erased is left alone.
  if ((await statusOf(adaAgainId, admin, registered)) !== 'MERGED')
    await must(
      MERGE,
      {
        input: {
          survivorCustomerId: adaId,
          mergedCustomerId: adaAgainId,
          reason: 'same e-mail, registered again in the shop',
          idempotencyKey: 'demo-lovelace-merge',
        },
      },
      admin,
    );
  if ((await statusOf(erinId, admin, registered)) === 'ERASED') return;
  if ((await statusOf(erinAgainId, admin, registered)) !== 'MERGED')
    await must(
      MERGE,
      {
        input: {
          survivorCustomerId: erinId,
          mergedCustomerId: erinAgainId,
          idempotencyKey: 'demo-erased-merge',
        },
      },
      admin,
    );
  await must(
    'mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { erasedCustomerIds } }',
    {
      input: {
        customerId: erinAgainId,
        reason: 'GDPR Art. 17 request #demo-1',
        idempotencyKey: 'demo-erased-erase',
      },
    },
    admin,
  );
}

/**
 * A CSV import by the sales manager through the upload route: answered 202 at once, applied in the
 * background, its status polled (importProgress streams the same over graphql-ws). Rows that match
 * existing customers are linked within the manager's team; the import id makes it safe to re-run.
 */
async function seedImportThroughUpload(manager: string): Promise<void> {
  const importId = '01938a2e-0000-7000-8000-00000000de01';
  const csv = [
    'First name,Last name,E-Mail,Interests',
    'Hedy,Lamarr,hedy.lamarr@example.com,radio',
    'Margaret,Hamilton,margaret.hamilton@example.com,software',
    'Radia,Perlman,radia.perlman@example.com,networks',
    'Ada,Lovelace,ada.lovelace@example.com,engines',
    'Bad,Row,not-an-email,',
  ].join('\n');
  const body = new FormData();
  body.append(
    'mapping',
    JSON.stringify([
      { column: 'First name', target: 'firstName' },
      { column: 'Last name', target: 'lastName' },
      { column: 'E-Mail', target: 'email' },
      { column: 'Interests', target: 'interests' },
    ]),
  );
  body.append('options', JSON.stringify({ duplicatePolicy: 'LINK_EXISTING' }));
  body.append('importId', importId);
  body.append('file', new Blob([csv], { type: 'text/csv' }), 'demo-import.csv');
  const response = await fetch(`${gatewayUrl}/imports/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${manager}` },
    body,
  });
  // 409: this import id exists already (a second `npm start`): its earlier result stands.
  if (response.status !== 202 && response.status !== 409 && response.status !== 200)
    throw new Error(`demo import failed: HTTP ${response.status} ${await response.text()}`);
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const data = await must<{ importStatus: { state: string } }>(
      'query($id: ID!) { importStatus(id: $id) { state } }',
      { id: importId },
      manager,
    );
    if (data.importStatus.state === 'COMPLETED' || data.importStatus.state === 'FAILED') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('demo import did not finish within 30 s');
}

/** Read your own writes: a new customer is found by the very next search, given its position. */
async function seedReadYourOwnWrite(admin: string): Promise<void> {
  const registered = await must<Registered>(
    REGISTER,
    {
      input: {
        idempotencyKey: 'demo-hamming-register',
        person: { firstName: 'Richard', lastName: 'Hamming' },
        contacts: [{ email: 'richard.hamming@example.com', primary: true }],
        acquiredVia: { channel: 'WEB_FORM' },
      },
    },
    admin,
  );
  const found = await must<{ customers: { edges: { node: { id: string } }[] } }>(
    'query($p: String, $f: CustomerSearchFilter) { customers(first: 5, atLeastPosition: $p, filter: $f) { edges { node { id } } } }',
    { p: registered.registerCustomer.result.position, f: { text: 'Hamming' } },
    admin,
  );
  if (!found.customers.edges.some((e) => e.node.id === registered.registerCustomer.customerId))
    throw new Error('read your own writes: the new customer was not in the next search');
}

/** When the member enrolled, as the read model shows it (polled: an auto-enrolment may lag). */
async function loyaltyEnrolledAt(
  admin: string,
  memberId: string,
  position?: string,
): Promise<string> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const result = await graphql<{ loyaltyMember: { enrolledAt: string } }>(
      'query($id: ID!, $p: String) { loyaltyMember(memberId: $id, atLeastPosition: $p) { enrolledAt } }',
      { id: memberId, p: position ?? null },
      admin,
    );
    if (result.data?.loyaltyMember) return result.data.loyaltyMember.enrolledAt;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`demo seed failed: loyalty member ${memberId} did not appear within 30 s`);
}

/**
 * Loyalty: the tenant's program (auto-enrolment from now on, tiers over the calendar year, a benefits table per tier, referral rewards after a 14-day return window), three members enrolled by hand with
 * purchases from the shop counter (the second referred by the first), a redemption reserved and confirmed, another still reserved,
 * and a large goodwill credit waiting for a second user's approval.
 */
/** The demo program's benefits table: each tier's row. */
const BIRTHDAY_GIFT = { code: 'birthday-gift', description: 'A gift in your birthday month' };
const DEMO_TIER_BENEFITS = {
  Bronze: [BIRTHDAY_GIFT],
  Silver: [BIRTHDAY_GIFT, { code: 'free-shipping', description: 'Free standard shipping' }],
  Gold: [
    BIRTHDAY_GIFT,
    { code: 'free-shipping', description: 'Free express shipping' },
    { code: 'early-access', description: 'Early access to sales' },
  ],
};

async function seedLoyalty(admin: string, memberIds: readonly string[]): Promise<void> {
  const run = (mutation: string, input: Record<string, unknown>) =>
    must(
      `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { position } }`,
      { input },
      admin,
    );
  await run('defineLoyaltyProgram', {
    // v4: tiers over the calendar year with 30 days of grace, the benefits table, and referral
    // rewards paid once the first order's 14-day return window has passed (a new key: the
    // request changed).
    idempotencyKey: 'demo-loyalty-program-v4',
    name: 'Demo Club',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    autoEnrol: true,
    earnRules: [
      { ruleId: 'spend', kind: 'AMOUNT', points: 1, perAmount: '1.00' },
      { ruleId: 'shoes', kind: 'UNIT', points: 10, category: 'shoes', capPoints: 50 },
    ],
    tiers: [
      { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
      { name: 'Silver', qualifyingThreshold: 300, multiplierPercent: 125 },
      { name: 'Gold', qualifyingThreshold: 1000, multiplierPercent: 150 },
    ].map((tier) => ({
      ...tier,
      benefits: DEMO_TIER_BENEFITS[tier.name as keyof typeof DEMO_TIER_BENEFITS],
    })),
    promotions: [],
    lotLifetimeMonths: 12,
    adjustmentApprovalThreshold: 500,
    tierWindowMonths: 12,
    tierGraceDays: 30,
    tierPeriod: 'CALENDAR_YEAR',
    referralRefereePoints: 50,
    referralReferrerPoints: 100,
    referralReturnWindowDays: 14,
  });
  let referralCode = '';
  for (const [index, memberId] of memberIds.entries()) {
    const key = `demo-loyalty-${index}`;
    // Already a member when the program existed before the customer registered (auto-enrolment).
    const enrolled = await graphql<{ enrolLoyaltyMember: { position: string } }>(
      'mutation($input: EnrolLoyaltyMemberInput!) { enrolLoyaltyMember(input: $input) { position } }',
      { input: { idempotencyKey: `${key}-enrol`, memberId } },
      admin,
    );
    const reason = enrolled.errors?.[0]?.extensions?.reason;
    if (enrolled.errors && reason !== 'MEMBER_ALREADY_ENROLLED')
      throw new Error(`demo seed failed: ${JSON.stringify(enrolled.errors)}`);
    // The purchase is dated at the enrolment (orders before it earn nothing), which a re-run reads
    // back unchanged, so the fixed idempotency key still names the same request.
    const enrolledAt = await loyaltyEnrolledAt(
      admin,
      memberId,
      enrolled.data?.enrolLoyaltyMember.position,
    );
    if (index === 0) {
      const issued = await must<{ issueLoyaltyReferralCode: { code: string } }>(
        'mutation($input: IssueLoyaltyReferralCodeInput!) { issueLoyaltyReferralCode(input: $input) { code } }',
        { input: { idempotencyKey: `${key}-code`, memberId } },
        admin,
      );
      referralCode = issued.issueLoyaltyReferralCode.code;
    } else if (index === 1) {
      // The second member was referred by the first: both are rewarded by the purchase below.
      const referred = await graphql(
        'mutation($input: RecordLoyaltyReferralInput!) { recordLoyaltyReferral(input: $input) { position } }',
        { input: { idempotencyKey: `${key}-referral`, memberId, referralCode } },
        admin,
      );
      const refusal = referred.errors?.[0]?.extensions?.reason;
      // A re-run finds the referral recorded (or the member already past the first order).
      if (referred.errors && refusal !== 'ALREADY_REFERRED' && refusal !== 'REFEREE_NOT_NEW')
        throw new Error(`demo seed failed: ${JSON.stringify(referred.errors)}`);
    }
    await run('recordLoyaltyPurchase', {
      idempotencyKey: `${key}-purchase`,
      memberId,
      orderId: `DEMO-LOYALTY-${index}`,
      amount: (180 + index * 160).toFixed(2),
      currency: 'EUR',
      lines: [
        {
          category: 'shoes',
          quantity: index + 1,
          unitPrice: ((180 + index * 160) / (index + 1)).toFixed(2),
        },
      ],
      placedAt: enrolledAt,
    });
  }
  const [first, second] = memberIds;
  if (first) {
    await run('reserveLoyaltyPoints', {
      idempotencyKey: 'demo-loyalty-r1',
      memberId: first,
      reservationId: 'DEMO-R1',
      points: 50,
    });
    await run('confirmLoyaltyReservation', {
      idempotencyKey: 'demo-loyalty-r1-ok',
      memberId: first,
      reservationId: 'DEMO-R1',
    });
    await run('adjustLoyaltyPoints', {
      idempotencyKey: 'demo-loyalty-goodwill',
      memberId: first,
      adjustmentId: 'DEMO-GOODWILL',
      points: 800,
      reason: 'Goodwill for a late delivery (waits for a manager to approve)',
      expiresAt: '2099-12-31T23:00:00.000Z',
    });
  }
  if (second) {
    await run('reserveLoyaltyPoints', {
      idempotencyKey: 'demo-loyalty-r2',
      memberId: second,
      reservationId: 'DEMO-R2',
      points: 30,
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * The north team's roster (round robin over both reps: leads published to the inbound Kafka topic
 * for team `north` are assigned by it), both reps' quotas for the current quarter, and a support
 * contract from an accepted quote, renewed through a renewal opportunity 30 days before its end.
 */
async function seedTeamQuotasAndContract(
  send: SalesSend,
  rep1: string,
  johnson: string,
): Promise<void> {
  const manager = await login('manager@demo.example', demoPassword);
  const userId = async (token: string) =>
    (await must<{ me: { id: string } }>('{ me { id } }', {}, token)).me.id;
  const [rep1Id, rep2Id] = [
    await userId(rep1),
    await userId(await login('rep2@demo.example', demoPassword)),
  ];
  await send(manager, 'defineSalesTeam', {
    idempotencyKey: 'demo-sales-team-north',
    teamId: 'north',
    strategy: 'round_robin',
    reps: [
      { repId: rep1Id, capacity: 50 },
      { repId: rep2Id, capacity: 50 },
    ],
  });
  const now = new Date();
  const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  for (const [ownerId, amount] of [
    [rep1Id, '30000.00'],
    [rep2Id, '25000.00'],
  ] as const) {
    await send(manager, 'setQuota', {
      idempotencyKey: `demo-sales-quota-${quarter}-${ownerId}`,
      period: quarter,
      ownerId,
      amount,
      currency: 'EUR',
    });
  }
  // Rafael's call for the quarter, and Maria's adjustment of it with her note (the forecast screen
  // shows both; a manager adjusts a submitted call only).
  await send(rep1, 'submitForecast', {
    idempotencyKey: `demo-sales-forecast-${quarter}-rep1`,
    period: quarter,
    amount: '28000.00',
    currency: 'EUR',
    note: 'Johnson support plan and the Liskov seats',
  });
  await send(manager, 'adjustForecast', {
    idempotencyKey: `demo-sales-forecast-${quarter}-rep1-adjusted`,
    period: quarter,
    ownerId: rep1Id,
    amount: '24000.00',
    currency: 'EUR',
    note: 'Liskov seats slip to next quarter',
  });
  const deal = await send(rep1, 'openOpportunity', {
    idempotencyKey: 'demo-sales-deal-johnson-support',
    name: 'Navigation support plan',
    customerId: johnson,
    stageId: 'negotiation',
    amount: '4800.00',
    currency: 'EUR',
    expectedCloseOn: '2027-03-31',
  });
  const validUntil = new Date(now.getTime() + 20 * 86_400_000).toISOString();
  const quoteId = await send(rep1, 'createQuote', {
    idempotencyKey: 'demo-sales-quote-johnson-support',
    opportunityId: deal,
    validUntil,
    lines: [{ name: 'Support month', category: 'services', quantity: 12, unitPrice: '400.00' }],
  });
  await send(rep1, 'sendQuote', { idempotencyKey: 'demo-sales-quote-johnson-sent', quoteId });
  await send(rep1, 'acceptQuote', {
    idempotencyKey: 'demo-sales-quote-johnson-accepted',
    quoteId,
    version: 1,
  });
  await send(rep1, 'startContract', {
    idempotencyKey: 'demo-sales-contract-johnson',
    quoteId,
    startsAt: now.toISOString(),
    endsAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
    renewalNoticeDays: 30,
  });
}

/**
 * Issue 11, round 4: a lead rep2 captures for the north team routed by its strategy (round robin:
 * `sales.lead-router` assigns it), a lead from a known customer (matched to them), a deal whose
 * amount comes from its lines (seats recurring,
 * onboarding once) and a quote built from them, and the Hopper order paid, shipped and completed.
 */
async function seedRoutingLinesAndFulfilment(
  send: SalesSend,
  rep1: string,
  rep2: string,
  hopperOrder: string,
  liskov: string,
): Promise<void> {
  await send(rep2, 'captureLead', {
    idempotencyKey: 'demo-sales-lead-routed-meitner',
    source: 'API',
    contact: { name: 'Lise Meitner', email: 'lise.meitner@demo.example' },
    companyName: 'Kaiser Wilhelm Institut',
    teamId: 'north',
    route: true,
    fields: [{ name: 'country', value: 'DE' }],
  });
  // A known customer writing in again: flagged sales.LeadCustomerMatched (ADR 0325).
  await send(rep2, 'captureLead', {
    idempotencyKey: 'demo-sales-lead-known-liskov',
    source: 'WEB_FORM',
    contact: { name: 'Barbara Liskov', email: 'Barbara.Liskov@example.com' },
    companyName: 'MIT',
  });
  const seats = await send(rep1, 'openOpportunity', {
    idempotencyKey: 'demo-sales-deal-liskov-seats',
    name: 'Verification seats',
    customerId: liskov,
    amount: '1.00',
    currency: 'EUR',
    expectedCloseOn: '2027-06-30',
  });
  await send(rep1, 'setOpportunityLines', {
    idempotencyKey: 'demo-sales-deal-liskov-seats-lines',
    opportunityId: seats,
    lines: [
      {
        sku: 'VER-SEAT',
        name: 'Verifier seat (monthly)',
        category: 'subscriptions',
        quantity: 25,
        unitPrice: '49.00',
        discountPercent: 10,
        recurring: true,
      },
      { name: 'Onboarding', category: 'services', quantity: 1, unitPrice: '2500.00' },
    ],
  });
  // A quote given no lines is built from the deal's current lines (ADR 0442).
  const now = new Date();
  const validUntil = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1),
  ).toISOString();
  await send(rep1, 'createQuote', {
    idempotencyKey: `demo-sales-quote-liskov-seats-${validUntil.slice(0, 7)}`,
    opportunityId: seats,
    validUntil,
  });
  await send(rep1, 'payOrder', {
    idempotencyKey: 'demo-sales-hopper-order-paid',
    orderId: hopperOrder,
    paymentReference: 'DEMO-PAY-0001',
  });
  await send(rep1, 'shipOrder', {
    idempotencyKey: 'demo-sales-hopper-order-shipped',
    orderId: hopperOrder,
    carrier: 'DHL',
    trackingNumber: 'JD014600006281',
  });
  await send(rep1, 'completeOrder', {
    idempotencyKey: 'demo-sales-hopper-order-completed',
    orderId: hopperOrder,
  });
  // The training day was not taken: a partial refund, which the customer 360's purchases, the
  // loyalty points and marketing's revenue figures all net (ADRs 0410, 0470).
  await send(rep1, 'refundOrder', {
    idempotencyKey: 'demo-sales-hopper-order-refund-training',
    orderId: hopperOrder,
    amount: '800.00',
    reason: 'Training day not taken',
  });
}

/**
 * Issue 11, round 6: a lead converted without naming a customer (the customers context registers
 * Alan Kay from the lead and the lead links to him; ADR 0380), a follow-up reminder on a new lead
 * (ADR 0383), the tenant's own quote approval policy (a manager above 20 % or 100,000.00, then an
 * admin above 40 % or 250,000.00; ADR 0382) routing a deep discount through both (the manager has
 * approved, the admin's step waits), and a quote valid through a day in the customer's time zone
 * (ADR 0381), and an internal note on the deal (ADR 0384). Dates are anchored to the day the seed runs, and so are their idempotency keys.
 */
async function seedConversionPolicyAndFollowUps(send: SalesSend, rep1: string): Promise<void> {
  const admin = await login(adminEmail, adminPassword ?? ''); // checked by main()
  const manager = await login('manager@demo.example', demoPassword);
  await send(admin, 'defineQuoteApprovalPolicy', {
    idempotencyKey: 'demo-sales-approval-policy',
    levels: [
      { approverRole: 'SALES_MANAGER', maxDiscountPercent: 20, maxAmount: '100000.00' },
      { approverRole: 'ADMIN', maxDiscountPercent: 40, maxAmount: '250000.00' },
    ],
  });
  const kayLead = await send(rep1, 'captureLead', {
    idempotencyKey: 'demo-sales-lead-kay',
    source: 'WEB_FORM',
    contact: { name: 'Alan Kay', email: 'alan.kay@leads.example', phone: '+1 650 555 0100' },
  });
  const kayDeal = await send(rep1, 'convertLead', {
    idempotencyKey: 'demo-sales-convert-kay',
    leadId: kayLead,
    opportunityName: 'Dynabook pilot',
    amount: '12000.00',
    currency: 'USD',
    expectedCloseOn: '2027-09-30',
  });
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  const validThrough = new Date(now.getTime() + 45 * 86_400_000).toISOString().slice(0, 10);
  const deep = await send(rep1, 'createQuote', {
    idempotencyKey: `demo-sales-quote-kay-${day}`,
    opportunityId: kayDeal,
    validUntilDate: validThrough,
    customerTimeZone: 'America/Los_Angeles',
    lines: [
      {
        name: 'Pilot licence',
        category: 'licences',
        quantity: 10,
        unitPrice: '1200.00',
        discountPercent: 45,
      },
    ],
  });
  await send(manager, 'approveQuote', {
    idempotencyKey: `demo-sales-quote-kay-approved-${day}`,
    quoteId: deep,
    version: 1,
  });
  // An internal note on the Kay deal: the sales team sees it, Alan Kay's data export never does;
  // its text is stored under Alan Kay's key and reads "[erased]" if he is erased (ADR 0400).
  await send(rep1, 'addSalesNote', {
    idempotencyKey: 'demo-sales-note-kay',
    aboutKind: 'OPPORTUNITY',
    aboutId: kayDeal,
    text: 'Pilot budget approved by the board; the CFO signs. Send the quote before the offsite.',
  });
  const hamilton = await send(rep1, 'captureLead', {
    idempotencyKey: 'demo-sales-lead-hamilton',
    source: 'API',
    contact: { name: 'Margaret Hamilton', email: 'margaret.hamilton@leads.example' },
    companyName: 'Hamilton Technologies',
  });
  const followUp = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 9),
  ).toISOString();
  await send(rep1, 'scheduleLeadFollowUp', {
    idempotencyKey: `demo-sales-follow-up-hamilton-${day}`,
    leadId: hamilton,
    dueAt: followUp,
    note: 'Call back about the flight software audit',
  });
}

/**
 * Two orders placed after the spring campaign's mails: marketing credits them to the campaign
 * (attribution), so the console's ROI view shows revenue against the campaign's recorded cost.
 */
async function seedOrdersAfterCampaign(
  admin: string,
  customers: readonly (string | undefined)[],
): Promise<void> {
  for (const [i, customerId] of customers.entries()) {
    if (!customerId) continue;
    await must(
      'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { createdId } }',
      {
        input: {
          idempotencyKey: `demo-sales-order-after-spring-${i}`,
          customerId,
          currency: 'EUR',
          channel: 'ONLINE_STORE',
          lines: [
            {
              sku: 'SPRING-KIT',
              name: 'Spring kit',
              category: 'kits',
              quantity: 1,
              unitPrice: '90.00',
            },
          ],
        },
      },
      admin,
    );
  }
}

/**
 * The console's lead page and "my day" (ADR 0405): a lead of the first rep whose follow-up falls
 * later today, with an internal note, so the rep's "my day" lists it. Anchored to the seed's day.
 */
async function seedFollowUpDueToday(send: SalesSend, rep1: string): Promise<void> {
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  const lead = await send(rep1, 'captureLead', {
    idempotencyKey: 'demo-sales-lead-hopper-consulting',
    source: 'WEB_FORM',
    contact: { name: 'Grace Hopper', email: 'grace.hopper@leads.example' },
    companyName: 'Cobol Consulting',
  });
  // Three hours from now, or a minute before midnight UTC when the seed runs late in the day
  // (at least a minute ahead: a follow-up is set in the future).
  const endOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - 60_000;
  await send(rep1, 'scheduleLeadFollowUp', {
    idempotencyKey: `demo-sales-follow-up-hopper-consulting-${day}`,
    leadId: lead,
    dueAt: new Date(
      Math.max(Math.min(now.getTime() + 3 * 3_600_000, endOfDay), now.getTime() + 60_000),
    ).toISOString(),
    note: 'Send the migration estimate',
  });
  await send(rep1, 'addSalesNote', {
    idempotencyKey: 'demo-sales-note-hopper-consulting',
    aboutKind: 'LEAD',
    aboutId: lead,
    text: 'Wants the mainframe migration priced per module; budget decided in Q1.',
  });
}
