// Every dataset a report may name. Adding one = its file next to this one and one line below.
import type { DatasetSpec } from './dataset';
import { customersDataset } from './customers.dataset';
import { loyaltyMembersDataset } from './loyalty.dataset';
import { campaignsDataset } from './marketing.dataset';
import { forecastsDataset, quotesDataset } from './quotes-forecasts.datasets';
import { articlesDataset, csatAnswersDataset, npsAnswersDataset } from './satisfaction.datasets';
import { leadsDataset, opportunitiesDataset } from './sales.datasets';
import { ticketsDataset } from './service-desk.dataset';
import { ordersDataset } from './orders.dataset';
import { stageDurationsDataset } from './stage-durations.dataset';
import { forecastAccuracyDataset } from './forecast-accuracy.dataset';
import { campaignMessagesDataset } from './campaign-messages.dataset';
import { quotaAttainmentDataset } from './quota-attainment.dataset';
import { opportunitySourcesDataset } from './opportunity-sources.dataset';
import { ticketResponsesDataset } from './ticket-responses.dataset';
import { journeyFunnelsDataset, journeyStepsDataset } from './journey-funnels.datasets';
import { quoteApprovalsDataset } from './quote-approvals.dataset';

export const DATASETS: Readonly<Record<string, DatasetSpec>> = Object.fromEntries(
  [
    customersDataset,
    leadsDataset,
    opportunitiesDataset,
    quotesDataset,
    forecastsDataset,
    ticketsDataset,
    csatAnswersDataset,
    npsAnswersDataset,
    articlesDataset,
    loyaltyMembersDataset,
    campaignsDataset,
    ordersDataset,
    stageDurationsDataset,
    forecastAccuracyDataset,
    campaignMessagesDataset,
    quotaAttainmentDataset,
    opportunitySourcesDataset,
    ticketResponsesDataset,
    journeyFunnelsDataset,
    journeyStepsDataset,
    quoteApprovalsDataset,
  ].map((d) => [d.name, d]),
);
