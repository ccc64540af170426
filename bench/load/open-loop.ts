/**
 * An HTTP load generator in its own thread. Open loop (rate set): requests start at Poisson
 * arrival times whatever the server does, as independent residents' pages would, and latency is
 * measured from the planned start (no coordinated omission). Closed loop (no rate): each
 * connection waits for its answer, which measures the most the server can serve.
 * Used instead of autocannon where latency matters: autocannon's rate limit releases each
 * second's requests together, and in the server's own process it shares the event loop.
 */
import { Worker } from 'node:worker_threads';

/** One kind of request the generator may send (picked at random for each request). */
export interface RequestTemplate {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** The body as sent (e.g. JSON text). */
  body?: string;
}

export interface LoadPlan {
  url: string;
  headers: Record<string, string>;
  /** Vary the requests: each one is a random template (path and headers from it, `url` gives host and port). */
  requests?: RequestTemplate[];
  /** A header set to a value unique to each request (an Idempotency-Key). */
  uniqueHeader?: string;
  /** `{{name}}` in a template's body is replaced, per request, by a random one of these values. */
  substitutions?: Record<string, string[]>;
  connections: number;
  /** Requests per second (open loop); 0 for closed loop. */
  rate: number;
  seconds: number;
  warmUpSeconds: number;
}

export interface LoadFigures {
  requests: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  /** p99 of the requests started in each second of the measurement: where a tail comes from. */
  p99MsBySecond: number[];
  /** Per second, the longest the generator's own thread was held up (GC, descheduling): a latency it adds to the requests in flight then. */
  generatorStallMsBySecond: number[];
}

export function runLoad(plan: Partial<LoadPlan> & Pick<LoadPlan, 'url'>): Promise<LoadFigures> {
  const full: LoadPlan = { headers: {}, connections: 200, rate: 0, seconds: 10, warmUpSeconds: 2, ...plan };
  // Workers do not inherit tsx's loader: register it in the worker before importing the TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData: full });
  return new Promise((resolve, reject) => {
    worker.once('message', (figures: LoadFigures) => { void worker.terminate(); resolve(figures); });
    worker.once('error', reject);
  });
}
