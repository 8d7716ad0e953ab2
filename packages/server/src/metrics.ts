/** Prometheus metrics: process defaults plus HTTP and screening counters (no high-cardinality labels). */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'stackport_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'stackport_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'stackport_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    screenings: new Counter({ name: 'stackport_screenings_total', help: 'Names screened', registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
