import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailService } from '@pit/core';
import { startWorker } from '../../../tools/test/harness.js';
import { SmtpSink } from '../../../tools/test/smtp-sink.js';

// The duplicate window of ARCHITECTURE.md: an email accepted by the SMTP server whose record is lost
// because its transaction failed (the database died before the commit). The job attempt records it on
// its own before failing, so the retry sends nothing (the fault suite checks it under real crashes).
describe('mail delivery records survive a failed attempt (real PostgreSQL and SMTP)', () => {
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let mailService: MailService;
  const sink = new SmtpSink();
  const key = `crash-window-test:${Date.now().toString(36)}`;
  const to = `crash-${Date.now().toString(36)}@exemple.fr`;

  beforeAll(async () => {
    await sink.start();
    process.env.SMTP_URL = sink.url;
    worker = await startWorker({ consume: false, relay: false });
    dataSource = worker.get(DataSource);
    mailService = worker.get(MailService);
  });
  afterAll(async () => {
    await dataSource?.query(`DELETE FROM mail_delivery WHERE delivery_key = $1`, [key]);
    await worker?.close();
    await sink.stop();
    delete process.env.SMTP_URL;
  });

  const attempt = (fail: boolean) =>
    mailService.recordingSends(() =>
      dataSource.transaction(async (manager) => {
        const sent = await mailService.sendOnce(manager, key, { to, subject: 'Fenêtre de panne', text: 'Un seul envoi.' });
        // What a database stopped right after the SMTP answer does to the transaction holding the record.
        if (fail) throw new Error('Connection terminated unexpectedly');
        return sent;
      }),
    );

  it('records the email of an attempt whose transaction failed, so the retry does not send it again', async () => {
    await expect(attempt(true)).rejects.toThrow('Connection terminated unexpectedly');
    expect(sink.to(to)).toHaveLength(1);
    const rows = await dataSource.query(`SELECT recipient, subject FROM mail_delivery WHERE delivery_key = $1`, [key]);
    expect(rows).toEqual([{ recipient: to, subject: 'Fenêtre de panne' }]);

    await expect(attempt(false)).resolves.toBe(false);
    expect(sink.to(to)).toHaveLength(1);
  });

  it('does not record apart an email whose link secret its failed transaction held: the retry sends a working one', async () => {
    const secretKey = `${key}:secret`;
    const send = (fail: boolean) =>
      mailService.recordingSends(() =>
        dataSource.transaction(async (manager) => {
          const sent = await mailService.sendOnce(manager, secretKey, { to, subject: 'Lien de connexion', text: 'jeton' }, { carriesTransactionSecret: true });
          if (fail) throw new Error('Connection terminated unexpectedly');
          return sent;
        }),
      );
    await expect(send(true)).rejects.toThrow('Connection terminated unexpectedly');
    expect(await dataSource.query(`SELECT 1 FROM mail_delivery WHERE delivery_key = $1`, [secretKey])).toEqual([]);
    await expect(send(false)).resolves.toBe(true);
    expect(sink.to(to).filter((m) => m.subject === 'Lien de connexion')).toHaveLength(2);
    await dataSource.query(`DELETE FROM mail_delivery WHERE delivery_key = $1`, [secretKey]);
  });
});
