// Every dataset a report may name. Adding one = its file next to this one and one line below.
import type { DatasetSpec } from './dataset';
import { customersDataset } from './customers.dataset';
import { loyaltyMembersDataset } from './loyalty.dataset';
import { leadsDataset, opportunitiesDataset } from './sales.datasets';
import { ticketsDataset } from './service-desk.dataset';

export const DATASETS: Readonly<Record<string, DatasetSpec>> = Object.fromEntries(
  [customersDataset, leadsDataset, opportunitiesDataset, ticketsDataset, loyaltyMembersDataset].map(
    (d) => [d.name, d],
  ),
);
