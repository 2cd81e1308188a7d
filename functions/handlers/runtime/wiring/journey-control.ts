/**
 * The pauses, stops and the marketing freeze: `journeyControl`, `freeze`, `holds` (messages held by them),
 * `holdStates` (a journey's pause/stop and the freeze read together) and `currentHoldState` (the same, cached briefly
 * per journey like the crisis record).
 */
import { tableNameFrom } from '../../../adapters/client-config';
import { FreezeStore } from '../../../adapters/freeze-store';
import { HoldRegistry } from '../../../adapters/hold-registry';
import { HoldStateReader } from '../../../adapters/hold-state';
import { JourneyControlStore } from '../../../adapters/journey-control-store';
import { cachedPerKey } from '../cached';
import { provide } from './registry';
import { cacheMs } from './table';

provide('journeyControl', (deps, env) => new JourneyControlStore(deps.doc, tableNameFrom(env)));
provide('freeze', (deps, env) => new FreezeStore(deps.doc, tableNameFrom(env)));
provide('holds', (deps, env) => new HoldRegistry(deps.doc, tableNameFrom(env)));
provide('holdStates', (deps, env) => new HoldStateReader(deps.doc, tableNameFrom(env)));
provide('currentHoldState', (deps, env) => cachedPerKey((journey) => deps.holdStates.read(journey), cacheMs(env)));
