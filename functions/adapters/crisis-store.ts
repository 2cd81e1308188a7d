/**
 * The crisis record (rule 9) and its append-only audit trail, `pk = CRISIS`.
 *
 * The audit item is the commit. Every change is one conditional PutItem of `AUDIT#<next version>`
 * (`attribute_not_exists`), which holds who, what, when, the previous version and the resulting record; only
 * one writer can create a given version, so two concurrent updates from the same version cannot both win, and
 * no change can exist without its audit entry. `CURRENT` is then written as a materialised copy, conditional on
 * being older. If a writer dies between the two puts, the next read sees an audit entry newer than `CURRENT`
 * and rolls it forward. This gives the atomicity a TransactWrite would (dynalite, which the local runtime
 * uses, has no transactions) with one Query per read: `CURRENT` and the newest audit item are the last two
 * items of the partition. Reading it (and rolling forward) is in crisis-record.ts, which the functions that only read
 * the record bundle without the writes.
 */
import { DEFAULT_POLICY, type Policy } from '../domain/policy';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, StaleVersionError } from '../domain/errors';
import type {
  ActiveCrisis,
  BroadcastProgress,
  CrisisAuditEntry,
  CrisisDeclaration,
  CrisisRecord,
  CrisisResolution,
} from '../domain/model/crisis';
import { materialiseCrisisRecord, readCrisisRecord, RECORD_BOOKKEEPING, type AuditItem } from './crisis-record';
import { isConditionalCheckFailed, withoutAttributes } from './dynamo-helpers';
import { CRISIS_AUDIT_PREFIX, CRISIS_PK, keys } from './keys';

export type InactiveCrisis = Extract<CrisisRecord, { active: false }>;
/** What `PUT /crisis` with If-Match may change. */
export type CrisisPatch = Partial<CrisisDeclaration>;

export interface CrisisStore {
  /** The current record; `{active: false}` when there has never been a crisis. */
  get(): Promise<CrisisRecord>;
  /** 409 `crisis_already_active` while one is active (change it with `update` and If-Match instead). */
  declare(declaration: CrisisDeclaration, actor: string, now: Date): Promise<ActiveCrisis>;
  /** 409 `no_active_crisis` when none is active; 412 StaleVersionError unless `expectedVersion` is current. */
  update(patch: CrisisPatch, expectedVersion: number, actor: string, now: Date): Promise<ActiveCrisis>;
  /** 409 `no_active_crisis` when none is active; 412 when `expectedVersion` is given and stale. */
  resolve(resolution: CrisisResolution, actor: string, now: Date, expectedVersion?: number): Promise<InactiveCrisis>;
  /** Newest first. */
  audit(limit?: number): Promise<CrisisAuditEntry[]>;
  /** The record as it was at a version, with the change that made it (from the audit trail). */
  recordAt(version: number): Promise<{ record: CrisisRecord; entry: CrisisAuditEntry } | undefined>;
  /**
   * Records broadcast progress on the current record without a new version (progress is not a decision, and
   * would flood the audit). Ignored (returns false) once a broadcast for a newer version has reported, and — for
   * a report without `finishedAt` — once the same broadcast has reported finished: its shard loops report
   * concurrently, and an interim report must not overwrite the final one.
   */
  updateBroadcastProgress(version: number, progress: BroadcastProgress): Promise<boolean>;
}

export interface DynamoCrisisStoreOptions {
  tableName: string;
  /**
   * The effective playbook (the deployment's policy override applied, functions/domain/policy-override.ts): a
   * declaration that names no cadence or daily cap gets its severity's. Default: the default policy's.
   */
  playbook?: Policy['crisisPlaybook'];
}

const MAX_ATTEMPTS = 5;

export class DynamoCrisisStore implements CrisisStore {
  private readonly table: string;
  private readonly playbook: Policy['crisisPlaybook'];

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    options: DynamoCrisisStoreOptions,
  ) {
    this.table = options.tableName;
    this.playbook = options.playbook ?? DEFAULT_POLICY.crisisPlaybook;
  }

  async get(): Promise<CrisisRecord> {
    return readCrisisRecord(this.doc, this.table);
  }

  async declare(declaration: CrisisDeclaration, actor: string, now: Date): Promise<ActiveCrisis> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await readCrisisRecord(this.doc, this.table);
      if (state.active) throw alreadyActive(state.version);
      const previousVersion = state.version ?? 0;
      const version = previousVersion + 1;
      const at = now.toISOString();
      const record: ActiveCrisis = {
        ...declaration,
        cadenceMinutes: declaration.cadenceMinutes ?? this.playbook[declaration.severity].cadenceMinutes,
        customerMessagesPerDay: declaration.customerMessagesPerDay ?? this.playbook[declaration.severity].customerMessagesPerDay,
        active: true,
        id: crisisId(now, version),
        version,
        declaredAt: at,
        declaredBy: actor,
        updatedAt: at,
        updatedBy: actor,
        ...(state.broadcast ? { broadcast: state.broadcast } : {}),
      };
      // Losing the race means someone else declared (or changed) first: the next read reports it.
      if (await this.commit(record, previousVersion, 'declare', actor, at, declaration)) return record;
    }
    throw new ConflictError('the crisis record is changing concurrently; reload it and retry', 'crisis_conflict');
  }

  async update(patch: CrisisPatch, expectedVersion: number, actor: string, now: Date): Promise<ActiveCrisis> {
    const state = await readCrisisRecord(this.doc, this.table);
    if (!state.active) throw noActiveCrisis();
    if (state.version !== expectedVersion) throw new StaleVersionError(state.version, expectedVersion);
    const at = now.toISOString();
    const change = definedOnly(patch);
    const record: ActiveCrisis = { ...state, ...change, version: state.version + 1, updatedAt: at, updatedBy: actor };
    if (await this.commit(record, state.version, 'update', actor, at, change)) return record;
    const latest = await readCrisisRecord(this.doc, this.table);
    throw new StaleVersionError(latest.version ?? 0, expectedVersion);
  }

  async resolve(resolution: CrisisResolution, actor: string, now: Date, expectedVersion?: number): Promise<InactiveCrisis> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await readCrisisRecord(this.doc, this.table);
      if (!state.active) throw noActiveCrisis();
      if (expectedVersion !== undefined && state.version !== expectedVersion) throw new StaleVersionError(state.version, expectedVersion);
      const at = now.toISOString();
      const record: InactiveCrisis = {
        active: false,
        version: state.version + 1,
        id: state.id,
        severity: state.severity,
        headline: state.headline,
        resolvedAt: at,
        resolvedBy: actor,
        ...(resolution.postmortemUrl ? { postmortemUrl: resolution.postmortemUrl } : {}),
        updatedAt: at,
        ...(state.broadcast ? { broadcast: state.broadcast } : {}),
      };
      if (await this.commit(record, state.version, 'resolve', actor, at, definedOnly(resolution))) return record;
      if (expectedVersion !== undefined) throw new StaleVersionError((await readCrisisRecord(this.doc, this.table)).version ?? 0, expectedVersion);
    }
    throw new ConflictError('the crisis record is changing concurrently; reload it and retry', 'crisis_conflict');
  }

  async audit(limit = 50): Promise<CrisisAuditEntry[]> {
    const entries: CrisisAuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
          ExpressionAttributeValues: { ':pk': CRISIS_PK, ':audit': CRISIS_AUDIT_PREFIX },
          ScanIndexForward: false,
          Limit: limit - entries.length,
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) entries.push(toAuditEntry(item as unknown as AuditItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey && entries.length < limit);
    return entries;
  }

  async updateBroadcastProgress(version: number, progress: BroadcastProgress): Promise<boolean> {
    const interim = progress.finishedAt === undefined;
    // Another broadcast (an older version, another kind or round) may be replaced by an interim report; the same
    // one only while it has not reported finished.
    const notFinishedYet =
      ' AND (attribute_not_exists(#broadcast) OR #broadcast.#messageVersion < :version OR #broadcast.#kind <> :kind OR #broadcast.#round <> :round OR attribute_not_exists(#broadcast.#finishedAt))';
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.crisisCurrent(),
          UpdateExpression: 'SET #broadcast = :progress',
          ConditionExpression:
            'attribute_exists(pk) AND #version >= :version AND (attribute_not_exists(#broadcast) OR #broadcast.#messageVersion <= :version)' +
            (interim ? notFinishedYet : ''),
          ExpressionAttributeNames: {
            '#broadcast': 'broadcast',
            '#version': 'version',
            '#messageVersion': 'messageVersion',
            ...(interim ? { '#kind': 'kind', '#round': 'round', '#finishedAt': 'finishedAt' } : {}),
          },
          ExpressionAttributeValues: {
            ':progress': { ...definedOnly(progress), messageVersion: version },
            ':version': version,
            ...(interim ? { ':kind': progress.kind, ':round': progress.round ?? 0 } : {}),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  /** CURRENT, rolled forward when a newer audit entry exists (a writer died between its two puts). */
  async recordAt(version: number): Promise<{ record: CrisisRecord; entry: CrisisAuditEntry } | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.crisisAudit(version), ConsistentRead: true }));
    if (!Item) return undefined;
    const { record, ...entry } = withoutAttributes(Item, RECORD_BOOKKEEPING) as unknown as AuditItem;
    return { record, entry };
  }

  /** Appends the audit entry (the commit point); false when another writer already took this version. */
  private async commit(
    record: ActiveCrisis | InactiveCrisis,
    previousVersion: number,
    action: CrisisAuditEntry['action'],
    actor: string,
    at: string,
    change: unknown,
  ): Promise<boolean> {
    const version = record.version ?? previousVersion + 1;
    // The broadcast progress is operational noise, not part of what the actor decided.
    const { broadcast: _progress, ...decided } = record;
    const audit: AuditItem = { version, previousVersion, action, actor, at, change, record: decided as CrisisRecord };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.crisisAudit(version), ...audit },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
    await materialiseCrisisRecord(this.doc, this.table, record);
    return true;
  }
}

function toAuditEntry(item: AuditItem): CrisisAuditEntry {
  return {
    version: item.version,
    previousVersion: item.previousVersion,
    action: item.action,
    actor: item.actor,
    at: item.at,
    change: item.change,
  };
}

function alreadyActive(version: number): ConflictError {
  return new ConflictError(
    `a crisis is already active (version ${version}); change it with PUT /crisis and If-Match: ${version}, or resolve it first`,
    'crisis_already_active',
  );
}

function noActiveCrisis(): ConflictError {
  return new ConflictError('there is no active crisis', 'no_active_crisis');
}

/** Readable and unique: versions never repeat, across crises. */
function crisisId(now: Date, version: number): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `crisis-${stamp}-v${version}`;
}

/** DynamoDB cannot store `undefined`, and an explicit undefined in a patch means "not given". */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
