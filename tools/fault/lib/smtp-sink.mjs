// A real SMTP server on loopback that keeps every message it accepts (as tools/test/smtp-sink.ts does
// for the integration tests), so that the suite can count what the workers actually sent.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/** @returns {Promise<{ url: string, messages: Array<{ to: string, subject: string, text: string, html: string, at: number }>, stop: () => Promise<void>, nextMessage: (timeoutMs: number) => Promise<boolean> }>} */
export async function startSmtpSink(port) {
  const messages = [];
  let waiters = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          for (const recipient of session.envelope.rcptTo) {
            messages.push({ to: recipient.address.toLowerCase(), subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '', at: Date.now() });
          }
          callback();
          for (const wake of waiters) wake(true);
          waiters = [];
        })
        .catch(callback);
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
    /** Resolves true as soon as the next message is accepted (its sender is then finishing its job), false after `timeoutMs`. */
    nextMessage: (timeoutMs) =>
      new Promise((resolve) => {
        waiters.push(resolve);
        setTimeout(() => resolve(false), timeoutMs).unref();
      }),
  };
}

/**
 * Messages received more than once: same recipient, same subject and text. Returns the total of extra
 * copies and a sample of the duplicated ones.
 */
export function duplicates(messages, t0 = 0) {
  const seen = new Map();
  for (const m of messages) {
    const key = `${m.to}\n${m.subject}\n${m.text}`;
    if (!seen.has(key)) seen.set(key, []);
    seen.get(key).push(m.at);
  }
  const repeated = [...seen.entries()].filter(([, times]) => times.length > 1);
  const at = (ms) => `${((ms - t0) / 1000).toFixed(1)} s`;
  return {
    extra: repeated.reduce((sum, [, times]) => sum + times.length - 1, 0),
    sample: repeated.slice(0, 5).map(([key, times]) => `${times.length}× ${key.split('\n').slice(0, 2).join(' / ')} (at ${times.map(at).join(', ')})`),
  };
}
