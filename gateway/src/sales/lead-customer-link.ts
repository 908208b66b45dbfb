// The customer a lead converts into, through the customers context's command API (ADR 0380): the
// gateway drives the conversion. It reads the lead's contact from services/sales
// (LeadConversionSource), links the customer the lead is already tied to (converted into, or matched
// on capture), and otherwise registers one with customers' RegisterCustomer under the caller's
// service call token. The registration is idempotent on the lead: the customer id and the
// idempotency key derive from the tenant and the lead id, so a conversion retried after any failure
// (customers down, sales down after the registration) registers nobody twice.
import type * as C from '@crm/contracts/customers-grpc';
import type * as P from '@crm/contracts/sales-grpc';
import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { v5 as uuidv5 } from 'uuid';
import { principalOf } from '../customers/customer-access';
import { CustomerCommands } from '../customers/customer-commands';
import { type GatewayContext } from '../graphql/gateway-context';

/** Namespace of the customer ids derived from lead ids (a fixed, random UUID). */
const LEAD_CUSTOMER_NAMESPACE = '0b7e4f6c-3f0e-4f55-9d43-6a3f1c2e8b10';

/** The customer id a lead's conversion registers: the same for every retry of the conversion. */
export function customerIdForLead(tenantId: string, leadId: string): string {
  return uuidv5(`${tenantId}\0lead-customer\0${leadId}`, LEAD_CUSTOMER_NAMESPACE);
}

type ConversionSource = P.LeadConversionSourceResult__Output;

/** How a lead's source reads as the customer's acquisition channel. */
const CHANNEL_OF_SOURCE: Record<string, C.AcquisitionChannel> = {
  import: 'ACQUISITION_CHANNEL_IMPORT',
};

/**
 * The RegisterCustomer request for a lead: a company when the lead names one (a B2B lead), else a
 * person named as the lead's contact; the lead's e-mail and phone (a phone only in international
 * form: the lead's country code is unknown), owned by the lead's owner and team, acquired through
 * the lead (`acquiredVia.externalId` = `lead:<id>`: linked both ways).
 */
export function registrationForLead(
  customerId: string,
  source: ConversionSource,
): C.CustomersRequest<'RegisterCustomer'> {
  const name = source.contactName.trim().split(/\s+/);
  const lastName = name.length > 1 ? (name.pop() ?? '') : '';
  const details = source.companyName
    ? { company: { legalName: source.companyName } }
    : { person: { firstName: name.join(' '), lastName } };
  const contacts = [
    ...(source.contactEmail ? [{ email: source.contactEmail, primary: true }] : []),
    ...(source.contactPhone.startsWith('+') ? [{ phone: source.contactPhone, primary: true }] : []),
  ];
  return {
    customerId,
    ...details,
    contacts,
    acquiredVia: {
      channel: CHANNEL_OF_SOURCE[source.source] ?? 'ACQUISITION_CHANNEL_WEB_FORM',
      externalId: `lead:${source.leadId}`,
      detail: `sales lead (${source.source})`,
    },
    ownerUserId: source.ownerId,
    teamId: source.teamId,
  };
}

@Injectable()
export class LeadCustomerLink {
  constructor(@Inject(CustomerCommands) private readonly customers: CustomerCommands) {}

  /** The customer `source`'s lead converts into: linked when known, else registered once. */
  async customerFor(ctx: GatewayContext, source: ConversionSource): Promise<string> {
    const known = source.convertedCustomerId || source.matchedCustomerId;
    if (known) return known;
    const customerId = customerIdForLead(principalOf(ctx).tenantId, source.leadId);
    const request = registrationForLead(customerId, source);
    try {
      await this.customers.send(ctx, 'RegisterCustomer', request, {
        idempotencyKey: `sales-lead-conversion:${source.leadId}`,
        // The lead's contact is what the customers context refused: the error names the lead.
        mapField: () => 'leadId',
      });
    } catch (error) {
      // Registered by an earlier attempt whose idempotent answer is gone: the same customer.
      if (!(
        error instanceof GraphQLError && error.extensions['reason'] === 'CUSTOMER_ALREADY_EXISTS'
      ))
        throw error;
    }
    return customerId;
  }
}
