/** Powertools metrics (CloudWatch EMF): decisions and sends per journey, outcome and channel. */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Journeys',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'journeys',
});

/**
 * Counts one event with dimensions, published at once (EMF) — never stored on the shared object, so there is
 * no per-invocation flush to wire and no dimension leaks into the next metric.
 */
export function count(name: string, dimensions: Record<string, string>): void {
  const single = metrics.singleMetric();
  for (const [key, value] of Object.entries(dimensions)) single.addDimension(key, value);
  single.addMetric(name, MetricUnit.Count, 1);
}
