// The write side of a tenant's exchange rates (ADR 0234): the reporting currency and the rates an
// admin enters are events in `reports.ExchangeRates-<tenantId>`; reports read them folded.
import type { Principal } from '@crm/access-policy';
import type { EventStore, NewEvent } from '@crm/event-sourcing';
import { v7 as uuidv7 } from 'uuid';
import {
  EXCHANGE_RATE_SET,
  ExchangeRates,
  InvalidExchangeRateError,
  REPORTING_CURRENCY_SET,
  exchangeRatesOf,
  exchangeRatesStreamId,
  validateCurrency,
  validateExchangeRate,
  type ExchangeRate,
} from './exchange-rates';

export class ExchangeRateBook {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date,
  ) {}

  async setReportingCurrency(by: Principal, currency: string, correlationId: string) {
    const valid = validateCurrency('currency', currency);
    await this.append(by, REPORTING_CURRENCY_SET, { currency: valid }, correlationId);
    return valid;
  }

  /** A rate towards the tenant's current reporting currency, in force from `effectiveFrom`. */
  async setRate(
    by: Principal,
    input: Omit<ExchangeRate, 'reportingCurrency'>,
    correlationId: string,
  ): Promise<ExchangeRate> {
    const { reportingCurrency } = await this.read(by.tenantId);
    if (reportingCurrency === null)
      throw new InvalidExchangeRateError('reportingCurrency', 'must be set before any rate');
    const rate = validateExchangeRate({ ...input, reportingCurrency });
    await this.append(by, EXCHANGE_RATE_SET, rate, correlationId);
    return rate;
  }

  async rates(tenantId: string): Promise<ExchangeRates> {
    const { reportingCurrency, rates } = await this.read(tenantId);
    return new ExchangeRates(reportingCurrency, rates);
  }

  /** The reporting currency and the rates towards it, oldest first. */
  async list(
    tenantId: string,
  ): Promise<{ reportingCurrency: string | null; rates: ExchangeRate[] }> {
    const { reportingCurrency, rates } = await this.read(tenantId);
    return {
      reportingCurrency,
      rates: rates.filter((r) => r.reportingCurrency === reportingCurrency),
    };
  }

  private async read(tenantId: string) {
    const { events } = await this.store.readStream(exchangeRatesStreamId(tenantId), { tenantId });
    return exchangeRatesOf(events);
  }

  private async append(by: Principal, type: string, data: object, correlationId: string) {
    const event: NewEvent = {
      eventId: uuidv7(),
      type,
      tenantId: by.tenantId,
      occurredAt: this.clock().toISOString(),
      actor: { kind: 'user', userId: by.userId, roles: [...by.roles] },
      correlationId,
      causationId: correlationId,
      data,
    };
    await this.store.append(exchangeRatesStreamId(by.tenantId), [event]);
  }
}
