// The mailer keeps its SMTP connections open (nodemailer's pool) unless the URL says otherwise.
import { pooled } from './campaign-mailer';

describe('the SMTP URL of the campaign mailer', () => {
  it('asks for a pooled transport, keeping credentials, port and other options', () => {
    expect(pooled('smtp://user:secret@127.0.0.1:1025')).toBe(
      'smtp://user:secret@127.0.0.1:1025?pool=true',
    );
    expect(pooled('smtps://mail.example:465/?maxConnections=3')).toBe(
      'smtps://mail.example:465/?maxConnections=3&pool=true',
    );
  });

  it('leaves a URL that chose its own pooling alone', () => {
    expect(pooled('smtp://127.0.0.1:1025?pool=false')).toBe('smtp://127.0.0.1:1025?pool=false');
  });
});
