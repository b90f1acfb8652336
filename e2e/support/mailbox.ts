// The mailbox: what the stack sent to the SMTP sink of tools/test/e2e-services.mjs, read over HTTP.
//
//   const path = await mailbox.lastLink(person.email, /Confirmez votre adresse/);   // '/compte/verifier?jeton=…'
//   await page.goto(path);
//
// Emails leave through the worker's outbox relay, so a link arrives a moment after the action: lastLink
// polls until a matching email is there. Links are returned as path + query (the stack writes PUBLIC_URL,
// the e2e baseURL, into them), for page.goto() against the test's baseURL.
import { test as base } from '@playwright/test';
import { MAILBOX_URL } from './services';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailbox {
  /** Every email sent to `address`, oldest first. */
  mails(address: string): Promise<Mail[]>;
  /** The link (…?jeton=…) of the last email to `address` whose subject matches, as a path; waits up to `timeout` ms. */
  lastLink(address: string, subject: RegExp, options?: { timeout?: number; after?: number }): Promise<string>;
}

export const mailbox: Mailbox = {
  async mails(address) {
    const response = await fetch(`${MAILBOX_URL}/mails?to=${encodeURIComponent(address.toLowerCase())}`);
    if (!response.ok) throw new Error(`mailbox: ${response.status} (is tools/test/e2e-services.mjs running?)`);
    return (await response.json()) as Mail[];
  },
  async lastLink(address, subject, { timeout = 20_000, after = 0 } = {}) {
    const deadline = Date.now() + timeout;
    let seen: Mail[] = [];
    for (;;) {
      seen = await mailbox.mails(address);
      const mail = seen.slice(after).filter((m) => subject.test(m.subject)).at(-1);
      const link = mail && /https?:\/\/\S+?jeton=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
      if (link) {
        const url = new URL(link);
        return `${url.pathname}${url.search}`;
      }
      if (Date.now() > deadline) {
        throw new Error(`no email to ${address} with a subject matching ${subject} and a link within ${timeout} ms; received: ${JSON.stringify(seen.map((m) => m.subject))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  },
};

/** Whether the mailbox answers (false against a stack started elsewhere, PIT_E2E_BASE_URL). */
export async function mailboxAvailable(): Promise<boolean> {
  try {
    return (await fetch(`${MAILBOX_URL}/health`)).ok;
  } catch {
    return false;
  }
}

/** `test` with a `mailbox` fixture: these journeys need the mailbox the e2e config starts, and fail without it. */
export const mailTest = base.extend<{ mailbox: Mailbox }>({
  mailbox: async ({}, use) => {
    if (!(await mailboxAvailable())) throw new Error('no mailbox: tools/test/e2e-services.mjs is not running (run the e2e tier with the services its config starts)');
    await use(mailbox);
  },
});
