// Sends campaign e-mail over real SMTP (nodemailer): Mailpit locally, any provider's relay in
// production. The Message-ID is derived from campaign and customer, so a mail sent again after a
// crash (before its delivery was recorded) is recognisable as the same message.
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  readonly campaignId: string;
  readonly customerId: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly unsubscribeUrl: string;
}

/** The port a send goes through; CampaignMailer is its SMTP adapter. */
export interface MailSender {
  /** Sends one mail; returns its Message-ID. */
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

export class CampaignMailer implements MailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(mail: OutgoingMail): Promise<string> {
    const messageId = `<${encodeURIComponent(mail.campaignId)}.${encodeURIComponent(mail.customerId)}@marketing.crm>`;
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      messageId,
      // One-click unsubscribe for mail clients (RFC 8058), the same signed link as in the body.
      list: { unsubscribe: { url: mail.unsubscribeUrl, comment: 'Unsubscribe' } },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    return messageId;
  }

  close(): void {
    this.transport.close();
  }
}
