/**
 * One crisis broadcast: the message version being sent (alert, update or all-clear) with what every recipient's
 * message is made of, and the state one invocation carries through its pages.
 */
import type { BroadcastKey, BroadcastStore } from '../../adapters/broadcast-store';
import { messageIdFor } from '../../domain/message-id';
import type { ActiveCrisis, CrisisRecord } from '../../domain/model/crisis';
import type { Channel } from '../../domain/model/primitives';
import type { Dependencies } from '../../handlers/runtime/dependencies';
import '../../handlers/runtime/wiring/crisis'; // builds the crisis this module uses (runtime/dependencies.ts)
import '../../handlers/runtime/wiring/current-crisis'; // builds the currentCrisis this module uses (runtime/dependencies.ts)
import type { Pacer } from './pacer';

export interface Broadcast {
  key: BroadcastKey;
  /** The crisis as it was when this message version was decided (the all-clear: the last active state). */
  crisis: ActiveCrisis;
  /** What decisions see: the active crisis for alerts and updates (channel override), none for the all-clear. */
  decisionCrisis: CrisisRecord;
  localisedMessage: Record<string, string> | undefined;
  postmortemUrl: string | undefined;
  /** When the crisis was resolved (the all-clear only): the survey events' `occurredAt`. */
  resolvedAt: string | undefined;
}

/** One invocation's work on a broadcast. */
export interface Run {
  deps: Dependencies;
  broadcasts: BroadcastStore;
  broadcast: Broadcast;
  /** Paces provider calls to the loop's share of the quota. */
  pace: Pacer;
  /** A replay: the candidates come from the failure records, which are cleared as they are reached. */
  failedOnly: boolean;
  /** The same for every recipient of the broadcast (derived from crisis, kind, version and round): computed once. */
  message: { step: string; messageId: string };
  /** Sends per channel since the page began, published as one metric per channel and page (not one per message). */
  sentPerChannel: Map<Channel, number>;
}

export async function loadBroadcast(deps: Dependencies, key: BroadcastKey): Promise<Broadcast> {
  const at = await deps.crisis.recordAt(key.version);
  if (!at || (at.record.active && at.record.id !== key.crisisId)) throw new Error(`crisis ${key.crisisId} has no version ${key.version}`);
  if (at.record.active) {
    return { key, crisis: at.record, decisionCrisis: at.record, localisedMessage: at.record.message, postmortemUrl: undefined, resolvedAt: undefined };
  }
  // The all-clear: the audience and headline are those of the last active version; the message is the resolution's.
  const before = await deps.crisis.recordAt(at.entry.previousVersion);
  if (!before?.record.active) throw new Error(`crisis ${key.crisisId} was not active before version ${key.version}`);
  const resolution = (at.entry.change ?? {}) as { message?: Record<string, string>; postmortemUrl?: string };
  return {
    key,
    crisis: before.record,
    decisionCrisis: { active: false },
    localisedMessage: resolution.message,
    postmortemUrl: resolution.postmortemUrl,
    resolvedAt: at.entry.at,
  };
}

/** An alert or update whose crisis has moved on (updated or resolved) since; never the all-clear, nor a replay. */
export async function supersededBy(deps: Dependencies, key: BroadcastKey, failedOnly: boolean): Promise<boolean> {
  if (key.kind === 'all-clear' || failedOnly) return false;
  const current = await deps.currentCrisis();
  return current.id === key.crisisId && (current.version ?? 0) > key.version;
}

/** The message's step and id: one per (crisis, kind, version, round), the same for every recipient. */
export function messageOf(key: BroadcastKey): { step: string; messageId: string } {
  const round = key.round ?? 0;
  const step = round > 0 ? `${key.kind}-v${key.version}-round${round}` : `${key.kind}-v${key.version}`;
  return { step, messageId: messageIdFor(`crisis:${key.crisisId}`, step) };
}
