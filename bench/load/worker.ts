/**
 * The load generator's own thread (started by ./open-loop.ts): it must not share an event loop
 * with the server it measures, or every timer and socket of one delays the other.
 * It speaks HTTP/1.1 on raw keep-alive sockets (requests written as prepared bytes, answers read
 * for their status and length only), as wrk does: on a 2-core machine every microsecond the
 * generator spends is taken from the server it measures, and node:http's client costs several
 * times more per request.
 */
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadPlan, LoadFigures, RequestTemplate } from './open-loop.ts';
import { ResponseReader } from './response-reader.ts';

const plan = workerData as LoadPlan;
const target = new URL(plan.url);
const port = Number(target.port || 80);
const latencies: number[] = [];
/** When each measured request started (ms since the measurement began), beside its latency: the per-second figures. */
const startedAt: number[] = [];
let measureFrom = 0;
let non2xx = 0;
let errors = 0;
let statuses: Record<string, number> = {};
let sequence = 0;
const uniquePrefix = `${process.pid}-${Date.now().toString(36)}-`;

const substitutions = Object.entries(plan.substitutions ?? {}).map(([name, values]) => ({ placeholder: `{{${name}}}`, values }));
const templates: RequestTemplate[] = plan.requests?.length
  ? plan.requests
  : [{ method: 'GET', path: target.pathname + target.search, headers: {} }];
/** Each template's head up to (not including) the per-request headers, prepared once. */
const heads = templates.map((t) => {
  const headers = { ...plan.headers, ...t.headers, host: target.host, connection: 'keep-alive' };
  return `${t.method} ${t.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}`;
});

function substitute(body: string): string {
  let out = body;
  for (const { placeholder, values } of substitutions) out = out.replaceAll(placeholder, values[Math.floor(Math.random() * values.length)]!);
  return out;
}

function nextRequest(): string {
  const n = Math.floor(Math.random() * templates.length);
  const template = templates[n]!;
  let text = heads[n]!;
  if (plan.uniqueHeader) text += `${plan.uniqueHeader}: ${uniquePrefix}${++sequence}\r\n`;
  if (template.body === undefined) return `${text}\r\n`;
  const body = substitute(template.body);
  return `${text}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** One keep-alive connection: one request at a time. */
class Connection {
  private readonly socket: net.Socket;
  private readonly reader = new ResponseReader();
  private done: ((status: number) => void) | undefined;

  constructor(onClose: (c: Connection) => void) {
    this.socket = net.connect({ host: target.hostname, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      let offset = 0;
      while (offset < chunk.length) {
        const { consumed, status } = this.reader.feed(chunk, offset);
        offset += consumed;
        if (status !== undefined) {
          const finish = this.done;
          this.done = undefined;
          finish?.(status);
        }
      }
    });
    const fail = () => {
      const finish = this.done;
      this.done = undefined;
      finish?.(0);
      onClose(this);
    };
    this.socket.on('error', fail);
    this.socket.on('close', fail);
  }

  /** Sends one request; resolves with the answer's status (0 when the connection failed). */
  send(text: string): Promise<number> {
    return new Promise((resolve) => {
      this.done = resolve;
      this.socket.write(text);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Up to `plan.connections` connections; a request waits for a free one (as a browser's would). */
const idle: Connection[] = [];
const waiting: ((c: Connection) => void)[] = [];
const all = new Set<Connection>();

function dropConnection(c: Connection): void {
  all.delete(c);
  const at = idle.indexOf(c);
  if (at >= 0) idle.splice(at, 1);
}

function acquire(): Promise<Connection> {
  const free = idle.pop();
  if (free) return Promise.resolve(free);
  if (all.size < plan.connections) {
    const c = new Connection(dropConnection);
    all.add(c);
    return Promise.resolve(c);
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function release(c: Connection): void {
  if (!all.has(c)) return;
  const next = waiting.shift();
  if (next) next(c);
  else idle.push(c);
}

async function request(): Promise<void> {
  const connection = await acquire();
  const status = await connection.send(nextRequest());
  if (status === 0) errors++;
  else {
    if (status >= 300) non2xx++;
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  release(connection);
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
    const done = request().then(() => { latencies.push(performance.now() - planned); startedAt.push(planned - measureFrom); inFlight.delete(done); });
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
      startedAt.push(started - measureFrom);
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
startedAt.length = 0;
non2xx = 0;
errors = 0;
statuses = {};
// How long this thread itself was held up, per second: a stall here delays every request in flight.
const generatorDelay = monitorEventLoopDelay({ resolution: 5 });
generatorDelay.enable();
const stallBySecond: number[] = [];
const stallSampler = setInterval(() => { stallBySecond.push(Math.round(generatorDelay.max / 1e5) / 10); generatorDelay.reset(); }, 1000);
const started = performance.now();
measureFrom = started;
await (plan.rate ? openLoop(plan.rate, plan.seconds) : closedLoop(plan.seconds));
const elapsed = (performance.now() - started) / 1000;
const bySecond: number[][] = [];
latencies.forEach((ms, i) => (bySecond[Math.floor(startedAt[i]! / 1000)] ??= []).push(ms));
const sorted = latencies.sort((a, b) => a - b);
const round = (ms: number) => Math.round(ms * 10) / 10;
const figures: LoadFigures = {
  requests: sorted.length, statuses, rps: Math.round(sorted.length / elapsed),
  p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? 0), non2xx, errors,
  p99MsBySecond: Array.from(bySecond, (s) => round(percentile((s ?? []).sort((a, b) => a - b), 99))),
  generatorStallMsBySecond: stallBySecond,
};
clearInterval(stallSampler);
for (const c of all) c.close();
parentPort!.postMessage(figures);
