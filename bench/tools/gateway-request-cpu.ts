// CPU the gateway spends on its own per-request work (HTTP, GraphQL parse/validate/cost, token,
// guards, input validation, resolver, mapping; ADR 0367), with the services and read models
// replaced by the in-memory fakes of the gateway's unit tests: `registerCustomer` as P9 sends it,
// 8 clients in a closed loop, in one process. The figure is process CPU (user + system) per
// request, client side included (the same for any gateway code), so it hardly depends on other
// work sharing the cores. Compare two checkouts with the same command.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/tools/gateway-request-cpu.ts [requests]
import { startTestGateway } from '../../gateway/test/support/test-gateway';

const REGISTER =
  'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }';
const CLIENTS = 8;

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 3000);
  const gateway = await startTestGateway();
  const client = gateway.as('admin');
  let sent = 0;
  const send = async (count: number, label: string): Promise<void> => {
    sent = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (sent < count) {
          const k = sent++;
          await client.data(REGISTER, {
            input: {
              person: { firstName: 'Bench', lastName: `G${label}${k}` },
              contacts: [{ email: `g.${label}.${k}@bench.example`, primary: true }],
            },
          });
        }
      }),
    );
  };
  try {
    await send(Math.ceil(requests / 5), 'warm');
    const figures: number[] = [];
    for (let run = 0; run < 3; run++) {
      const before = process.cpuUsage();
      await send(requests, `r${run}`);
      const used = process.cpuUsage(before);
      figures.push((used.user + used.system) / 1000 / requests);
    }
    const sorted = [...figures].sort((a, b) => a - b);
    console.log(
      `CPU per registerCustomer (gateway + client, in memory): runs ${figures.map((f) => f.toFixed(3)).join(', ')} ms, median ${sorted[1]!.toFixed(3)} ms`,
    );
  } finally {
    await gateway.close();
  }
}

void main();
