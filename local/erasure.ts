/**
 * Erasing a customer, locally. `DELETE /profiles/{id}` erases the customer's item collection in the table (the
 * api-profiles handler, as deployed); the local runtime also keeps copies of what it "delivered": every email in
 * the inbox (`emails.jsonl` and the emulator's store, i.e. its web UI) and every SMS and push in the outbox
 * (`outbox.jsonl`). In the cloud those copies live in the customer's own mailbox and phone, not with us; locally
 * they are our data directory, so erasure removes them too, and compacts the bus's delivery journal (its finished
 * deliveries hold the events; one still being delivered stays until it ends, as it would in EventBridge).
 *
 * Which copies: those whose provider message id the customer's collection records (ledger and send claims carry
 * `providerMessageId`), plus anything addressed to the customer's current email, phone or push endpoint (sends
 * older than the ledger's retention, or claimed but not recorded). They are read before the handler runs — after
 * it, the collection that names them is gone — and removed only once it answered 204.
 */
import { tableNameFrom } from '../functions/adapters/clients';
import { queryAll } from '../functions/adapters/dynamo-helpers';
import { customerPk } from '../functions/adapters/keys';
import { dependencies } from '../functions/handlers/runtime/dependencies';
import type { Outbox } from './outbox';
import type { StoredEmail } from './ses';

export interface PersonalCopies {
  /** Provider message ids (SES MessageId, SNS MessageId) the customer's collection records. */
  messageIds: ReadonlySet<string>;
  /** The customer's email address, phone number and push endpoint. */
  addresses: ReadonlySet<string>;
}

export interface LocalErasure {
  /** What the runtime holds of the customer outside the table; read before the table is erased. */
  collect(customerId: string): Promise<PersonalCopies>;
  /** Removes those copies; answers how many messages went. */
  erase(copies: PersonalCopies): number;
}

export interface ErasableStores {
  /** Removes the inbox's emails matching `predicate` (store and file); answers how many. */
  forgetEmails(predicate: (email: StoredEmail) => boolean): number;
  outbox: Pick<Outbox, 'forget'>;
  /** The bus's delivery journal: its finished deliveries hold the events, so it is compacted. */
  bus?: { compact(): unknown };
}

export function localErasure(stores: ErasableStores): LocalErasure {
  return {
    collect: async (customerId) => {
      const { profiles, doc } = dependencies();
      const [profile, items] = await Promise.all([
        profiles.getProfile(customerId),
        queryAll(doc, {
          TableName: tableNameFrom(process.env),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': customerPk(customerId) },
          ProjectionExpression: 'providerMessageId',
          ConsistentRead: true,
        }),
      ]);
      const messageIds = new Set(items.map((item) => item.providerMessageId).filter((id): id is string => typeof id === 'string' && id !== ''));
      const addresses = new Set(
        [profile?.email, profile?.phone, profile?.pushEndpoint].filter((value): value is string => typeof value === 'string' && value !== '').map(normalize),
      );
      return { messageIds, addresses };
    },
    erase: ({ messageIds, addresses }) => {
      stores.bus?.compact();
      if (messageIds.size === 0 && addresses.size === 0) return 0;
      const emails = stores.forgetEmails(
        (email) =>
          messageIds.has(email.messageId) ||
          [...email.destination.to, ...email.destination.cc, ...email.destination.bcc].some((to) => addresses.has(normalize(to))),
      );
      const messages = stores.outbox.forget((entry) => messageIds.has(entry.messageId) || addresses.has(normalize(entry.to)));
      return emails + messages;
    },
  };
}

/** Email addresses compare case-insensitively; phone numbers and ARNs have no case to lose. */
function normalize(address: string): string {
  return address.trim().toLowerCase();
}

/** The customer id of `DELETE /profiles/{customerId}`, decoded; undefined when it cannot be (the handler answers 400). */
export function erasedCustomerId(method: string, resource: string, pathParameters: Record<string, string>): string | undefined {
  if (method !== 'DELETE' || resource !== '/profiles/{customerId}' || pathParameters.customerId === undefined) return undefined;
  try {
    return decodeURIComponent(pathParameters.customerId);
  } catch {
    return undefined;
  }
}
