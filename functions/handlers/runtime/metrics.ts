/** Powertools metrics (CloudWatch EMF): decisions and sends per journey, outcome and channel. */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Journeys',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'journeys',
});

/** Counts one event with dimensions, without leaking dimensions into the next metric of the invocation. */
export function count(name: string, dimensions: Record<string, string>): void {
  const single = metrics.singleMetric();
  for (const [key, value] of Object.entries(dimensions)) single.addDimension(key, value);
  single.addMetric(name, MetricUnit.Count, 1);
}
