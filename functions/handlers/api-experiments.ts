/**
 * `GET /experiments` and `GET /experiments/{id}`: the experiments the journeys run (contracts/experiments.ts) with
 * their report — per variant assigned, sent, conversions, rate, credible interval and chance to beat the baseline,
 * the control group and its lift, the winner once there is one (functions/domain/experiments/report.ts). The list
 * adds the control group's lift per journey. One Query of counters per experiment; no decision is touched.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { experimentReport, journeyLifts, type ExperimentReport } from '../domain/experiments/report';
import { NotFoundError } from '../domain/errors';
import type { Experiment } from '../domain/model/experiment';
import { EXPERIMENTS, experimentById } from '../../contracts/experiments';
import { byMethod, httpHandler } from './middleware/http-handler';
import { pathId } from './middleware/request';
import { json } from './middleware/responses';
import { clock } from './runtime/clock';
import { dependencies } from './runtime/dependencies';
import './runtime/wiring/experiments'; // builds the experiments this module uses (runtime/dependencies.ts)

async function reportOf(experiment: Experiment): Promise<ExperimentReport> {
  return experimentReport(experiment, await dependencies().experiments.counters(experiment.id), clock.now());
}

const collection = byMethod({
  GET: async () => {
    const experiments = await Promise.all(EXPERIMENTS.map(reportOf));
    return json(200, { experiments, lift: journeyLifts(experiments) });
  },
});

const one = byMethod({
  GET: async (event: APIGatewayProxyEvent) => {
    const id = pathId(event, 'id');
    const experiment = experimentById(id);
    if (!experiment) throw new NotFoundError(`no experiment ${id}; experiments: ${EXPERIMENTS.map((e) => e.id).join(', ')}`);
    return json(200, await reportOf(experiment));
  },
});

export const handler = httpHandler((event, context) => (event.pathParameters?.id === undefined ? collection(event, context) : one(event, context)));
