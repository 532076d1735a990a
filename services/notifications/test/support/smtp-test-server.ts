import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string | undefined;
  to: string[];
  parsed: ParsedMail;
}

export interface SmtpTestServer {
  port: number;
  /** Every message the server accepted, replays included. */
  received: ReceivedMail[];
  /** The recipient's mailbox: one message per Message-ID, as receiving systems thread and dedupe. */
  mailbox(): ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on a free port; recipients at `bounce.example` are refused with 550 (hard bounce). */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@bounce.example')) {
        const error = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({
            messageId: parsed.messageId,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            parsed,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    mailbox() {
      const seen = new Set<string | undefined>();
      return received.filter((mail) => !seen.has(mail.messageId) && seen.add(mail.messageId));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
