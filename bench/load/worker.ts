/**
 * The load generator's own thread (started by ./open-loop.ts): it must not share an event loop
 * with the server it measures, or every timer and socket of one delays the other.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadPlan, LoadFigures } from './open-loop.ts';

const plan = workerData as LoadPlan;
const target = new URL(plan.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });
const latencies: number[] = [];
let non2xx = 0;
let errors = 0;
let statuses: Record<string, number> = {};
let sequence = 0;
const uniquePrefix = `${process.pid}-${Date.now().toString(36)}-`;

const substitutions = Object.entries(plan.substitutions ?? {}).map(([name, values]) => ({ placeholder: `{{${name}}}`, values }));

function substitute(body: string): string {
  let out = body;
  for (const { placeholder, values } of substitutions) out = out.replaceAll(placeholder, values[Math.floor(Math.random() * values.length)]!);
  return out;
}

function request(): Promise<void> {
  const template = plan.requests?.length ? plan.requests[Math.floor(Math.random() * plan.requests.length)]! : undefined;
  const headers = { ...plan.headers, ...(template?.headers ?? {}), ...(plan.uniqueHeader ? { [plan.uniqueHeader]: `${uniquePrefix}${++sequence}` } : {}) };
  return new Promise((resolve) => {
    const req = http.request({
      agent, hostname: target.hostname, port: target.port, method: template?.method ?? 'GET', path: template?.path ?? target.pathname + target.search, headers,
    }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300) non2xx++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      res.resume();
      res.on('end', resolve);
      res.on('error', () => { errors++; resolve(); });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(template?.body === undefined ? undefined : substitute(template.body));
  });
}

/** Poisson arrivals at plan.rate; latency counts from the planned start, so a queue is never hidden. */
async function openLoop(rate: number, seconds: number): Promise<void> {
  const start = performance.now();
  const end = start + seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  let next = start;
  while (next < end) {
    const wait = next - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const planned = next;
    const done = request().then(() => { latencies.push(performance.now() - planned); inFlight.delete(done); });
    inFlight.add(done);
    next += -Math.log(1 - Math.random()) * (1000 / rate);
  }
  await Promise.all(inFlight);
}

/** Every connection sends its next request as soon as the last one is answered: the most the server can do. */
async function closedLoop(seconds: number): Promise<void> {
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: plan.connections }, async () => {
    while (performance.now() < end) {
      const started = performance.now();
      await request();
      latencies.push(performance.now() - started);
    }
  }));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// Warm-up: open every connection and let the server's caches and JIT settle; not counted.
await Promise.all(Array.from({ length: plan.connections }, () => request()));
await (plan.rate ? openLoop(plan.rate, plan.warmUpSeconds) : closedLoop(plan.warmUpSeconds));
latencies.length = 0;
non2xx = 0;
errors = 0;
statuses = {};
const started = performance.now();
await (plan.rate ? openLoop(plan.rate, plan.seconds) : closedLoop(plan.seconds));
const elapsed = (performance.now() - started) / 1000;
const sorted = latencies.sort((a, b) => a - b);
const round = (ms: number) => Math.round(ms * 10) / 10;
const figures: LoadFigures = {
  requests: sorted.length, statuses, rps: Math.round(sorted.length / elapsed),
  p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? 0), non2xx, errors,
};
agent.destroy();
parentPort!.postMessage(figures);
