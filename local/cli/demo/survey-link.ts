/**
 * Where the demo finds a customer's survey link: where the customer would — in the invitation they received. The
 * link's token is a secret kept out of the execution history (the journey's state names the survey by id only),
 * so the demo reads the messages the runtime captured: SMS (in the text) and push (its tap target, `data.link`) in
 * the outbox (`GET /outbox`), email in the SES emulator's inbox (`GET <inbox>/store`). This works for every channel the invitation may have taken.
 */
import type { JourneysClient } from '../api-client';

const SURVEY_LINK = /\/surveys\/([A-Za-z0-9._~-]{1,256})/;

interface InboxEmail {
  destination: { to: string[] };
  body: { text?: string; html?: string };
  at: number;
}

/**
 * The token of the survey link in the customer's newest message that carries one, or undefined when none has
 * arrived yet. A customer may have several post-resolution journeys (an incident, then a crisis all-clear): the
 * newest invitation or reminder wins.
 */
export async function findSurveyToken(client: JourneysClient, customerId: string, inboxUrl: string): Promise<string | undefined> {
  const profile = await client.findProfile(customerId);
  if (!profile) return undefined;
  // An SMS carries the link in its text, a push notification as its tap target (`data.link`).
  const texts: { at: number; text: string }[] = (await client.outbox({ customerId })).map((entry) => ({
    at: Date.parse(entry.at),
    text: entry.channel === 'push' ? `${String(entry.data?.link ?? '')} ${entry.body}` : entry.body,
  }));
  if (profile.email) {
    const email = profile.email.toLowerCase();
    for (const message of await inboxEmails(inboxUrl)) {
      if (message.destination.to.some((to) => to.toLowerCase().includes(email))) texts.push({ at: message.at, text: message.body.text ?? message.body.html ?? '' });
    }
  }
  texts.sort((a, b) => b.at - a.at);
  for (const { text } of texts) {
    const match = SURVEY_LINK.exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

async function inboxEmails(inboxUrl: string): Promise<InboxEmail[]> {
  let response: Response;
  try {
    response = await fetch(`${inboxUrl}/store`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new Error(`cannot read the email inbox at ${inboxUrl} (${(error as Error).message}): set SES_PORT to the runtime's inbox port`, { cause: error });
  }
  if (!response.ok) throw new Error(`the email inbox at ${inboxUrl} answered ${response.status} to GET /store`);
  return ((await response.json()) as { emails: InboxEmail[] }).emails;
}
