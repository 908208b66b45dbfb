// FAKE of a provider's SMTP relay that refuses some recipients at hand-off (RCPT TO answered with
// 550), for the one behaviour the local Mailpit is not started with here: a synchronous, permanent
// refusal. It speaks just enough SMTP for nodemailer (greeting, EHLO, MAIL, RCPT, DATA, RSET, QUIT)
// and keeps the accepted mails' recipients in memory. Named FAKE: it stands in for a third party.
import net from 'node:net';

export interface RefusingSmtpRelayFake {
  readonly url: string;
  /** Recipients of the mails accepted so far. */
  readonly accepted: string[];
  close(): Promise<void>;
}

export async function startRefusingSmtpRelayFake(
  refuses: (recipient: string) => boolean,
): Promise<RefusingSmtpRelayFake> {
  const accepted: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let inData = false;
    let recipients: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 refusing-relay.fake ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          accepted.push(...recipients);
          recipients = [];
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 refusing-relay.fake');
        else if (verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') {
          if (verb === 'RSET') recipients = [];
          reply('250 2.0.0 OK');
        } else if (verb === 'RCPT') {
          const recipient = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (refuses(recipient)) reply(`550 5.1.1 <${recipient}>: mailbox unavailable`);
          else {
            recipients.push(recipient);
            reply('250 2.1.5 OK');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('502 5.5.2 not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
