// Writes docs/asyncapi.yaml from the contract registry:
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register libs/contracts/src/asyncapi/generate-asyncapi.ts
// (or `npx nx run contracts:generate-asyncapi`). asyncapi.unit.spec.ts fails while the file is stale.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { platformContracts } from '../default-registry';
import { ASYNCAPI_PATH, renderAsyncApiYaml } from './asyncapi-yaml';

const target = resolve(__dirname, '../../../..', ASYNCAPI_PATH);
writeFileSync(target, renderAsyncApiYaml(platformContracts()));
console.log(`wrote ${target}`);
