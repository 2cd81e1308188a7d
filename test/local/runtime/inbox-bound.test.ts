/**
 * The inbox with a data directory: every accepted email is in `emails.jsonl`, the emulator's in-memory array (its
 * web UI) keeps only the newest EMULATOR_INBOX_LIMIT, and `inbox.emails()` still answers every one, in order,
 * before and after a restart; an erasure removes them from the file too. The outbox keeps no copy in memory
 * either, and still lists and forgets from its file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../local/outbox';
import { EMULATOR_INBOX_LIMIT, startSesEmulator, type SesEmulator } from '../../../local/ses';
import { tempDataDir } from '../../support/runtime';

const SENT = EMULATOR_INBOX_LIMIT + 5;
let emulator: SesEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function send(ses: SesEmulator, count: number): Promise<string[]> {
  const client = new SESv2Client({ endpoint: ses.url, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const { MessageId } = await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'no-reply@journeys.local',
          Destination: { ToAddresses: [`customer-${i}@example.com`] },
          Content: { Simple: { Subject: { Data: `email ${i}` }, Body: { Text: { Data: `body ${i}` } } } },
        }),
      );
      // What the runtime's SES proxy does for each accepted send.
      ses.persist(MessageId!);
      ids.push(MessageId!);
    }
  } finally {
    client.destroy();
  }
  return ids;
}

async function heldByEmulator(ses: SesEmulator): Promise<number> {
  return ((await (await fetch(`${ses.url}/store`)).json()) as { emails: unknown[] }).emails.length;
}

describe('the inbox with a data directory', () => {
  it('keeps the newest emails in memory and every email on disk, across a restart and an erasure', async () => {
    const emailsFile = join(tempDataDir(), 'emails.jsonl');
    emulator = await startSesEmulator({ host: '127.0.0.1', port: 0, emailsFile });
    expect(emulator.empty).toBe(true);
    const ids = await send(emulator, SENT);

    expect(await heldByEmulator(emulator)).toBe(EMULATOR_INBOX_LIMIT);
    expect((await emulator.inbox.emails()).map((email) => email.messageId)).toEqual(ids);
    expect(readFileSync(emailsFile, 'utf8').trim().split('\n')).toHaveLength(SENT);
    expect(emulator.empty).toBe(false);

    await emulator.close();
    emulator = await startSesEmulator({ host: '127.0.0.1', port: 0, emailsFile });
    expect(await heldByEmulator(emulator)).toBe(EMULATOR_INBOX_LIMIT);
    expect((await emulator.inbox.emails()).map((email) => email.messageId)).toEqual(ids);

    // The oldest email is no longer in the emulator's array: the erasure finds it in the file.
    expect(emulator.forget((email) => email.destination.to.includes('customer-0@example.com'))).toBe(1);
    expect((await emulator.inbox.emails()).map((email) => email.messageId)).toEqual(ids.slice(1));
  });

  it('keeps every email in the emulator without a data directory (nowhere else to keep them)', async () => {
    emulator = await startSesEmulator({ host: '127.0.0.1', port: 0 });
    const ids = await send(emulator, SENT);
    expect(await heldByEmulator(emulator)).toBe(SENT);
    expect((await emulator.inbox.emails()).map((email) => email.messageId)).toEqual(ids);
  });
});

describe('the outbox with a data directory', () => {
  it('lists, counts and forgets from its file, across a reopening', () => {
    const path = join(tempDataDir(), 'outbox.jsonl');
    const outbox = new Outbox(path);
    expect(outbox.empty).toBe(true);
    for (let i = 0; i < 3; i++) outbox.add({ channel: 'sms', messageId: `m-${i}`, to: `+42190000000${i}`, at: '2026-11-23T10:00:00.000Z', body: `sms ${i}`, smsType: 'Transactional' });

    const reopened = new Outbox(path);
    expect(reopened.empty).toBe(false);
    expect(reopened.size).toBe(3);
    expect(reopened.list({ limit: 2 }).map((entry) => entry.messageId)).toEqual(['m-2', 'm-1']);
    expect(reopened.forget((entry) => entry.to === '+421900000001')).toBe(1);
    expect(new Outbox(path).list({}).map((entry) => entry.messageId)).toEqual(['m-2', 'm-0']);
  });
});
