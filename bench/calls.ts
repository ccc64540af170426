/**
 * `npm run bench -- calls`: real phone calls on this machine — the robot's SIP user agent and RTP
 * media against SIPp residents (scenarios/residents.xml, the normal resident: 9 keypad answers) on
 * 127.0.0.1, SIPp sharing the two cores. For each level of BENCH_CALLS (default "500"; e.g.
 * "200,350,500"), the dialer keeps that many calls up, paced at BENCH_CPS new calls a second, for
 * BENCH_SECONDS (default 60) after the ramp; a level is sustained when ≤ 1 % of dialogues failed
 * (any call not ending normal with every slot) and RTP was sent ≤ 5 ms behind schedule at p99.
 * The most concurrent calls sustained and the calls an hour they give at the measured average
 * call length are reported against the seed system's 20,000 calls an hour. Measured in the same
 * run as a baseline: the same number of RTP streams paced by one timer per call (setInterval)
 * instead of the shared media clock, for BENCH_BASELINE_SECONDS (default 10) — what pacing would
 * cost done the obvious way.
 * Last line: {"bench":"calls","concurrent_calls":…,"completed":…,"failed":…,"calls_per_hour_equiv":…,
 * "rtp_late_ms_p99":…,"cpu_pct":…, …}.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDialogue } from '../src/callbot/channels/driver.ts';
import { createSipChannel } from '../src/callbot/channels/sip.ts';
import { understand } from '../src/callbot/nlu/understand.ts';
import { returneeScreening } from '../src/callbot/scripts/templates/index.ts';
import { PromptCache } from '../src/callbot/telephony/prompts/prompt-cache.ts';
import { MediaClock } from '../src/callbot/telephony/rtp/media-clock.ts';
import { startSipUserAgent } from '../src/callbot/telephony/sip/user-agent.ts';
import { RESIDENT_ANSWERS, residentNumber, RESIDENTS_SCENARIO, sippAvailable, sippCanPlayAudio, startSippUas } from '../src/callbot/telephony/testing/sipp.ts';
import { createTrunkLines } from '../src/callbot/telephony/trunk-lines.ts';
import { benchSetting, report } from './support.ts';

const LEVELS = (process.env.BENCH_CALLS ?? '500').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const SECONDS = benchSetting('BENCH_SECONDS', 60);
const CPS = benchSetting('BENCH_CPS', 50);
const BASELINE_SECONDS = benchSetting('BENCH_BASELINE_SECONDS', 10);
const SEED_CALLS_PER_HOUR = 20_000;
const VARIABLES = { name: '王秀英', community: '幸福里社区' };
const SCRIPT_VERSION = 'bench-returnee-screening';
const log = (message: string) => process.stderr.write(`${message}\n`);

if (!sippAvailable() || !sippCanPlayAudio()) {
  console.error('bench calls needs sipp (apt-get install sip-tester) and root (SIPp plays RTP through a raw socket)');
  process.exit(2);
}

interface LevelResult {
  concurrent_calls: number; sustained: boolean; completed: number; failed: number; failed_dial: number; avg_call_s: number;
  calls_per_hour_equiv: number; rtp_late_ms_p50: number; rtp_late_ms_p99: number; rtp_late_ms_max: number; cpu_pct: number; sipp_cpu_pct: number;
  average_active: number;
}

const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

async function runLevel(level: number, prompts: PromptCache): Promise<LevelResult> {
  const sipp = await startSippUas({ scenario: RESIDENTS_SCENARIO, maxCalls: level + 50, lifetimeS: SECONDS + 300 });
  const agent = await startSipUserAgent({ bindHost: '127.0.0.1', bindPort: 0, trunk: { host: sipp.host, port: sipp.port } });
  const clock = new MediaClock();
  const channel = createSipChannel({
    agent, clock, prompts, recogniser: null, lines: createTrunkLines({ maxCalls: level, callsPerSecond: CPS }), maxCalls: level,
    mediaHost: '127.0.0.1', rtpPorts: { min: 20000, max: 20000 + 4 * level + 100 }, ringTimeoutMs: 10_000,
  });
  await channel.prepare!(returneeScreening, SCRIPT_VERSION);
  const expected = RESIDENT_ANSWERS.normal;
  let measuring = false;
  let stopping = false;
  const counts = { completed: 0, failed: 0, failedDial: 0, callMs: 0 };
  let serial = 0;
  const activeSamples: number[] = [];

  const line = async (): Promise<void> => {
    while (!stopping) {
      const started = performance.now();
      const dialled = await channel.dial({ phone: residentNumber('normal', serial++ % 9_999_999), attemptId: `bench-${serial}`, scriptVersionId: SCRIPT_VERSION });
      if (dialled.outcome !== 'connected') {
        if (measuring) counts.failedDial += 1;
        continue;
      }
      const run = await runDialogue({ script: returneeScreening, variables: VARIABLES, context: { riskRegionCodes: [] }, understand, session: dialled.session, listenTimeoutMs: 8000 });
      // Calls that end inside the measured window count (the throughput of a steady state).
      if (!measuring) continue;
      const keyed = run.transcript.filter((e) => e.heard === 'digits').map((e) => e.answer);
      const ok = run.end.result === 'normal' && keyed.length === expected.length && keyed.every((k, i) => k === expected[i]);
      if (ok) counts.completed += 1;
      else counts.failed += 1;
      counts.callMs += performance.now() - started;
    }
  };

  log(`level ${level}: ramping up at ${CPS} calls/s`);
  const lines = Array.from({ length: level }, line);
  while (channel.activeCalls < level) await new Promise((r) => setTimeout(r, 200));
  // Let the first calls settle into their dialogue before measuring.
  await new Promise((r) => setTimeout(r, 3000));
  log(`level ${level}: ${channel.activeCalls} calls up; measuring ${SECONDS} s`);
  clock.resetStats();
  const cpuBefore = cpuSeconds();
  const sippBefore = await sipp.cpuSeconds();
  const wallBefore = performance.now();
  measuring = true;
  const sampler = setInterval(() => activeSamples.push(channel.activeCalls), 1000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  clearInterval(sampler);
  const wall = (performance.now() - wallBefore) / 1000;
  const cpu = cpuSeconds() - cpuBefore;
  const sippCpu = (await sipp.cpuSeconds()) - sippBefore;
  const lateness = clock.latenessStats();
  stopping = true;
  log(`level ${level}: draining`);
  await Promise.all(lines);
  await agent.close();
  clock.close();
  await sipp.stop();
  const measured = counts.completed + counts.failed;
  const avgCallS = measured > 0 ? counts.callMs / measured / 1000 : 0;
  const failedShare = (counts.failed + counts.failedDial) / Math.max(1, measured + counts.failedDial);
  const averageActive = activeSamples.reduce((a, b) => a + b, 0) / Math.max(1, activeSamples.length);
  return {
    concurrent_calls: level, sustained: counts.completed > 0 && failedShare <= 0.01 && lateness.p99Ms <= 5 && averageActive >= level * 0.95,
    completed: counts.completed, failed: counts.failed, failed_dial: counts.failedDial, avg_call_s: round(avgCallS),
    calls_per_hour_equiv: avgCallS > 0 ? Math.round((level * 3600) / avgCallS) : 0,
    rtp_late_ms_p50: round(lateness.p50Ms), rtp_late_ms_p99: round(lateness.p99Ms), rtp_late_ms_max: round(lateness.maxMs),
    cpu_pct: round((cpu / wall) * 100), sipp_cpu_pct: round((sippCpu / wall) * 100), average_active: round(averageActive),
  };
}

/** The obvious pacing: one setInterval(20 ms) per stream, sending to a sink; lateness against each stream's own schedule. */
async function perCallTimersLateness(streams: number, seconds: number): Promise<{ p99Ms: number; maxMs: number }> {
  const sink = createSocket('udp4');
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  const target = sink.address().port;
  const late: number[] = [];
  const sockets = await Promise.all(Array.from({ length: streams }, async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return socket;
  }));
  const packet = Buffer.alloc(172);
  const timers = sockets.map((socket, i) => {
    const start = performance.now() + (i % 20);
    let n = 0;
    return setTimeout(() => {
      const interval = setInterval(() => {
        n += 1;
        late.push(performance.now() - (start + n * 20));
        socket.send(packet, target, '127.0.0.1');
      }, 20);
      timers[i] = interval;
    }, i % 20);
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  timers.forEach((t) => clearInterval(t));
  sockets.forEach((s) => s.close());
  sink.close();
  late.sort((a, b) => a - b);
  return { p99Ms: round(late[Math.floor(late.length * 0.99)] ?? 0), maxMs: round(late.at(-1) ?? 0) };
}

const round = (n: number) => Math.round(n * 100) / 100;

const prompts = new PromptCache({ dir: mkdtempSync(path.join(tmpdir(), 'fangyi-bench-prompts-')) });
const levels: LevelResult[] = [];
for (const level of LEVELS) {
  const result = await runLevel(level, prompts);
  log(JSON.stringify(result));
  levels.push(result);
}
const best = [...levels].filter((l) => l.sustained).sort((a, b) => b.concurrent_calls - a.concurrent_calls)[0] ?? levels.at(-1)!;
log(`baseline: ${best.concurrent_calls} RTP streams paced by one timer each, ${BASELINE_SECONDS} s`);
const baseline = await perCallTimersLateness(best.concurrent_calls, BASELINE_SECONDS);
report({
  bench: 'calls', concurrent_calls: best.concurrent_calls, completed: best.completed, failed: best.failed, calls_per_hour_equiv: best.calls_per_hour_equiv,
  rtp_late_ms_p99: best.rtp_late_ms_p99, cpu_pct: best.cpu_pct, sustained: best.sustained, avg_call_s: best.avg_call_s, failed_dial: best.failed_dial,
  rtp_late_ms_p50: best.rtp_late_ms_p50, rtp_late_ms_max: best.rtp_late_ms_max, sipp_cpu_pct: best.sipp_cpu_pct, seconds: SECONDS,
  baseline: { seed_calls_per_hour: SEED_CALLS_PER_HOUR, ratio: round(best.calls_per_hour_equiv / SEED_CALLS_PER_HOUR), per_call_timers_rtp_late_ms_p99: baseline.p99Ms, per_call_timers_rtp_late_ms_max: baseline.maxMs },
  levels,
});
process.exit(0);
