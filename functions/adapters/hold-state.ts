/**
 * What a message decision needs to know about pauses and the freeze, in one BatchGetItem: the journey's control
 * record (`JOURNEY#<name>` / `CONTROL`) and the freeze (`FREEZE` / `CURRENT`). The stores own the items
 * (journey-control-store.ts, freeze-store.ts); this reads both at once for the hot path.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JourneyControl, MarketingFreeze } from '../domain/model/journey-control';
import { FREEZE_CURRENT_KEY } from './freeze-store';
import { journeyControlKey } from './journey-control-store';

export interface HoldState {
  control?: JourneyControl;
  freeze?: MarketingFreeze;
}

export class HoldStateReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(journey: string): Promise<HoldState> {
    const controlKey = journeyControlKey(journey);
    let keys: Array<Record<string, unknown>> = [controlKey, FREEZE_CURRENT_KEY];
    const items: Array<Record<string, unknown>> = [];
    // BatchGetItem may leave keys unprocessed under throttling: ask again for those (twice at most, then fail).
    for (let round = 0; keys.length > 0; round++) {
      if (round === 3) throw new Error('the pause and freeze state could not be read (keys left unprocessed)');
      const answer = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
      items.push(...(answer.Responses?.[this.tableName] ?? []));
      keys = (answer.UnprocessedKeys?.[this.tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
    const control = items.find((item) => item.pk === controlKey.pk)?.control as JourneyControl | undefined;
    const freeze = items.find((item) => item.pk === FREEZE_CURRENT_KEY.pk)?.freeze as MarketingFreeze | undefined;
    return { ...(control && (control.pause || control.stop) ? { control } : {}), ...(freeze ? { freeze } : {}) };
  }
}
