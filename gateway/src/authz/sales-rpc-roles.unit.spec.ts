// The gateway and services/sales refuse the same roles: every GraphQL mutation that sends a sales
// RPC declares exactly the roles the shared policy allows for that RPC (libs/access-policy
// SALES_RPC_ROLES), which the service enforces again on its side.
import { SALES_RPC_ROLES, type SalesRpcName } from '@crm/access-policy';
import { SalesQuotesActivitiesResolver } from '../sales/sales-quotes-activities.resolver';
import { SalesScoringResolver } from '../sales/sales-scoring.resolver';
import { SalesForecastResolver } from '../sales/sales-forecast.resolver';
import { SalesLeadImportResolver } from '../sales/sales-lead-import.resolver';
import { SalesResolver } from '../sales/sales.resolver';
import { SalesContractsResolver } from '../sales/sales-contracts.resolver';
import { ALLOWED_ROLES_KEY } from './allow.decorator';
import { type Role } from './role';

const SENDERS: readonly [string, SalesRpcName][] = [
  ['captureLead', 'CaptureLead'],
  ['assignLead', 'AssignLead'],
  ['qualifyLead', 'QualifyLead'],
  ['disqualifyLead', 'DisqualifyLead'],
  ['convertLead', 'ConvertLead'],
  ['openOpportunity', 'OpenOpportunity'],
  ['moveOpportunityStage', 'MoveOpportunityStage'],
  ['winOpportunity', 'WinOpportunity'],
  ['loseOpportunity', 'LoseOpportunity'],
  ['reopenOpportunity', 'ReopenOpportunity'],
  ['placeOrder', 'PlaceOrder'],
  ['cancelOrder', 'CancelOrder'],
  ['refundOrder', 'RefundOrder'],
  ['createQuote', 'CreateQuote'],
  ['reviseQuote', 'ReviseQuote'],
  ['approveQuote', 'ApproveQuote'],
  ['sendQuote', 'SendQuote'],
  ['acceptQuote', 'AcceptQuote'],
  ['rejectQuote', 'RejectQuote'],
  ['scheduleActivity', 'ScheduleActivity'],
  ['rescheduleActivity', 'RescheduleActivity'],
  ['completeActivity', 'CompleteActivity'],
  ['cancelActivity', 'CancelActivity'],
  ['recordLeadEngagement', 'RecordLeadEngagement'],
  ['scoreLead', 'ScoreLead'],
  ['defineLeadScoringModel', 'DefineLeadScoringModel'],
  ['submitForecast', 'SubmitForecast'],
  ['adjustForecast', 'AdjustForecast'],
  ['eraseLead', 'EraseLead'],
  ['importLeads', 'ImportLeads'],
  ['startContract', 'StartContract'],
  ['renewContract', 'RenewContract'],
  ['terminateContract', 'TerminateContract'],
  ['setQuota', 'SetQuota'],
  ['salesForecast', 'PipelineAsOf'],
  ['defineSalesTeam', 'DefineSalesTeam'],
  ['payOrder', 'PayOrder'],
  ['shipOrder', 'ShipOrder'],
  ['completeOrder', 'CompleteOrder'],
  ['setOpportunityLines', 'SetOpportunityLines'],
  ['overrideOpportunityProbability', 'OverrideOpportunityProbability'],
  ['convertLead', 'LeadConversionSource'],
  ['defineQuoteApprovalPolicy', 'DefineQuoteApprovalPolicy'],
  ['quoteApprovalPolicy', 'QuoteApprovalPolicy'],
  ['scheduleLeadFollowUp', 'ScheduleLeadFollowUp'],
  ['addSalesNote', 'AddSalesNote'],
  ['removeSalesNote', 'RemoveSalesNote'],
  ['salesNotes', 'SalesNoteTexts'],
];

describe.each(SENDERS)('SalesResolver.%s', (method, rpc) => {
  test(`allows the roles the service allows for ${rpc}`, () => {
    const handler = [
      SalesResolver,
      SalesQuotesActivitiesResolver,
      SalesScoringResolver,
      SalesForecastResolver,
      SalesLeadImportResolver,
      SalesContractsResolver,
    ]
      .map((resolver) => (resolver.prototype as unknown as Record<string, unknown>)[method])
      .find((candidate) => candidate !== undefined);
    expect(typeof handler).toBe('function');
    const declared = Reflect.getMetadata(ALLOWED_ROLES_KEY, handler as object) as Role[];
    expect([...declared].sort()).toEqual([...SALES_RPC_ROLES[rpc]].sort());
  });
});

test('every sales RPC is sent by some gateway operation', () => {
  expect(new Set(SENDERS.map(([, rpc]) => rpc))).toEqual(new Set(Object.keys(SALES_RPC_ROLES)));
});
