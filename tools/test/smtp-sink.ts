import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
  /** Header lines by lower-cased name (e.g. list-unsubscribe). */
  headers: Record<string, string>;
}

/** A real SMTP server on loopback that keeps what it receives (the tests' mailbox). */
export class SmtpSink {
  readonly messages: CapturedMail[] = [];
  private server: SMTPServer | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            for (const recipient of session.envelope.rcptTo) {
              this.messages.push({
                to: recipient.address.toLowerCase(),
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                headers: Object.fromEntries(mail.headerLines.map((line) => [line.key, line.line.slice(line.line.indexOf(':') + 1).trim()])),
              });
            }
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    const { port } = this.server.server.address() as AddressInfo;
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((message) => message.to === address.toLowerCase());
  }

  /** The secret of the last link emailed to `address` (…?jeton=<secret>). */
  lastToken(address: string): string | null {
    const mail = this.to(address).at(-1);
    const match = mail && /jeton=([A-Za-z0-9_-]+)/.exec(mail.text);
    return match?.[1] ?? null;
  }
}
