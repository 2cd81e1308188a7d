/**
 * The raw send rate of the local runtime's targets — its SNS endpoint (SMS → outbox) and its SES proxy
 * (aws-ses-v2-local, email) — through the same SDK senders the handlers use, pre-rendered, with no decisions, no
 * claims and no bookkeeping. The ceiling a pipeline on the same targets is judged against, measured in the same
 * run at the same concurrency (the crisis and pipeline benchmarks).
 */
import type { Adapters } from '../functions/adapters/clients';
import type { Category } from '../functions/domain/model/primitives';

/** Messages per second for `count` calls of `send`, `concurrency` at a time. */
export async function sendRate(count: number, send: (i: number) => Promise<unknown>, concurrency: number): Promise<number> {
  return (await sendCost(count, send, concurrency)).perSecond;
}

/**
 * Calls per second, and the process CPU per call (ms): both ends of a local call run in this process, so the CPU
 * counts the SDK client and the emulator. CPU per call varies less than the rate when other work shares the machine.
 */
export async function sendCost(count: number, send: (i: number) => Promise<unknown>, concurrency: number): Promise<{ perSecond: number; cpuMs: number }> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await send(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: count / seconds, cpuMs: (cpu.user + cpu.system) / 1000 / count };
}

/** One pre-rendered message per channel, sent again and again to distinct addresses. */
export interface RawMessages {
  sms: { body: string; category: Category };
  email: { subject: string; html: string; text: string; category: Category; journey: string };
}

export interface RawRates {
  smsRate: number;
  emailRate: number;
  /** Process CPU per message (ms). */
  smsCpuMs: number;
  emailCpuMs: number;
}

type Senders = Pick<Adapters, 'sms' | 'email'>;

/**
 * SMS/s and emails/s. `label` (one digit) keeps the addresses of each round apart: `+4218<label>…` and
 * `raw<label>-<i>@raw.example`, never a benchmark's recipients.
 */
export async function rawSendRates(senders: Senders, messages: RawMessages, opts: { smsCount: number; emailCount: number; concurrency: number; label: string }): Promise<RawRates> {
  const { label, concurrency } = opts;
  if (!/^\d$/.test(label)) throw new Error(`the raw-send label must be one digit (it becomes part of an E.164 number), not ${JSON.stringify(label)}`);
  const sms = await sendCost(opts.smsCount, (i) => senders.sms.send({ ...messages.sms, phoneNumber: `+4218${label}${String(i).padStart(7, '0')}` }), concurrency);
  const email = await sendCost(opts.emailCount, (i) => senders.email.send(emailTo(messages, `raw${label}-${i}@raw.example`, `raw-${label}-${i}`)), concurrency);
  return { smsRate: sms.perSecond, emailRate: email.perSecond, smsCpuMs: sms.cpuMs, emailCpuMs: email.cpuMs };
}

/** Warms the SDK clients and the targets' code paths (the JIT) first, as a pipeline's first messages do for it. */
export async function warmRawSenders(senders: Senders, messages: RawMessages, concurrency: number, counts = { sms: 1000, email: 100 }): Promise<void> {
  await sendRate(counts.sms, (i) => senders.sms.send({ ...messages.sms, phoneNumber: `+4217${String(i).padStart(8, '0')}` }), concurrency);
  await sendRate(counts.email, (i) => senders.email.send(emailTo(messages, `warm-${i}@raw.example`, `warm-${i}`)), concurrency);
}

/** The raw rate for a channel mix: seconds per message weighted by the mix (harmonic, not arithmetic). */
export function mixRate(mix: { sms: number; email: number }, rates: RawRates): number {
  return (mix.sms + mix.email) / (mix.sms / rates.smsRate + mix.email / rates.emailRate);
}

/** The raw CPU per message (ms) for a channel mix. */
export function mixCpuMs(mix: { sms: number; email: number }, rates: RawRates): number {
  return (mix.sms * rates.smsCpuMs + mix.email * rates.emailCpuMs) / (mix.sms + mix.email);
}

/** The mean of two rounds (before and after the measured run), so drift on a shared machine is split. */
export function meanRates(a: RawRates, b: RawRates): RawRates {
  const mean = (key: keyof RawRates) => (a[key] + b[key]) / 2;
  return { smsRate: mean('smsRate'), emailRate: mean('emailRate'), smsCpuMs: mean('smsCpuMs'), emailCpuMs: mean('emailCpuMs') };
}

function emailTo(messages: RawMessages, to: string, id: string) {
  const { subject, html, text, category, journey } = messages.email;
  return { to, subject, html, text, category, journey, step: 'raw', customerId: id, messageId: id };
}
