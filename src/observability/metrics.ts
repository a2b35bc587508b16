import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics, one registry per app so tests and several apps in one process
 * don't collide. Gauges that need the database are filled at scrape time by `collect`.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const webhookRequests = new Counter({
    name: 'planbot_webhook_requests_total', help: 'Webhook requests by platform and HTTP status',
    labelNames: ['platform', 'status'] as const, registers: [registry],
  });
  const webhookLatency = new Histogram({
    name: 'planbot_webhook_duration_seconds', help: 'Webhook handling time by platform',
    labelNames: ['platform'] as const, registers: [registry],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
  const commands = new Counter({
    name: 'planbot_commands_total', help: 'Chat turns by recognised intent',
    labelNames: ['intent'] as const, registers: [registry],
  });
  const deliveries = new Counter({
    name: 'planbot_deliveries_total', help: 'Outbox delivery attempts by platform and result',
    labelNames: ['platform', 'result'] as const, registers: [registry],
  });
  const reminderFires = new Counter({
    name: 'planbot_reminder_fires_total', help: 'Scheduler fires that ran on this replica, and rows they enqueued',
    labelNames: ['job'] as const, registers: [registry],
  });
  const outboxDepth = new Gauge({
    name: 'planbot_outbox_depth', help: 'Outbox rows by status', labelNames: ['status'] as const, registers: [registry],
  });
  const outboxOldest = new Gauge({
    name: 'planbot_outbox_oldest_pending_seconds', help: 'Age of the oldest pending outbox row', registers: [registry],
  });
  return { registry, webhookRequests, webhookLatency, commands, deliveries, reminderFires, outboxDepth, outboxOldest };
}

export type Metrics = ReturnType<typeof createMetrics>;
