// Renders the AsyncAPI document as the YAML committed at docs/asyncapi.yaml. Deterministic (same
// registry → same bytes) so a test can tell whether the committed file is up to date.
import { stringify } from 'yaml';
import type { ContractRegistry } from '../contract-registry';
import { buildAsyncApiDocument } from './asyncapi-document';

export const ASYNCAPI_PATH = 'docs/asyncapi.yaml';
export const ASYNCAPI_VERSION = '1.0.0';

export function renderAsyncApiYaml(registry: ContractRegistry): string {
  const header =
    '# GENERATED from libs/contracts by `npx nx run contracts:generate-asyncapi`. Do not edit by hand.\n';
  return (
    header +
    stringify(buildAsyncApiDocument(registry, { version: ASYNCAPI_VERSION }), {
      lineWidth: 0,
      aliasDuplicateObjects: false,
      // Same quoting as the repository's Prettier config, so `npm run format` leaves it alone.
      singleQuote: true,
    })
  );
}
