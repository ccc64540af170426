/**
 * Runs SIPp (Debian's sip-tester, 3.6) on loopback for tests and benchmarks: a UAS that plays the
 * residents the robot calls, and a one-shot UAC. Every SIPp started here runs in a temporary folder
 * of its own (scenario copy, captures, statistics, logs), is killed when this process exits, and
 * quits by itself after `lifetimeS` should this process die without running its exit handlers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freeMediaPort, freeUdpPort, udpPortBound } from './ports.ts';
import { writeResidentPcaps } from './residents.ts';

export {
  NUMBER_PLAN, RESIDENT_ANSWERS, RESIDENT_QUESTIONS, RESIDENT_KEY_TIMING, RESIDENTS_SCENARIO, CALLER_SCENARIO,
  residentAnswerSlots, residentBehaviour, residentNumber,
} from './residents.ts';
export type { ResidentBehaviour } from './residents.ts';
export { ANNOUNCEMENT_TEXT } from './announcement.ts';

/** SIPp's exit codes (sipp(1)). */
export const SIPP_EXIT = { allCallsSucceeded: 0, someCallFailed: 1, internalCommand: 97, noCallProcessed: 99, fatal: 255, cannotBind: 254 } as const;

let availability: boolean | undefined;
/** Whether `sipp` runs here. */
export function sippAvailable(): boolean {
  availability ??= (() => {
    const run = spawnSync('sipp', ['-v'], { encoding: 'utf8', timeout: 5000 });
    return run.status !== null && `${run.stdout}${run.stderr}`.includes('SIPp v');
  })();
  return availability;
}

/** play_pcap_audio (the residents' keys and early media) sends through a raw socket: root only. */
export function sippCanPlayAudio(): boolean {
  return sippAvailable() && process.getuid?.() === 0;
}

export interface SippResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** SIPp's log of unexpected messages and failed calls (-trace_err). */
  errors: string;
  /**
   * The last row of -trace_stat, by column (e.g. 'SuccessfulCall(C)', 'FailedCall(C)'); absent when
   * none was written. SIPp writes a row every second and on a graceful exit; after a SIGKILL (calls
   * still in progress at stop) the row may be up to a second old.
   */
  stats?: Record<string, string>;
}

export interface SippProcess {
  readonly host: string;
  readonly port: number;
  readonly mediaPort: number;
  readonly pid: number;
  readonly workDir: string;
  /** CPU time SIPp has used so far (user + system), from /proc. */
  cpuSeconds(): Promise<number>;
  /** SIPp's thread count now (it runs one per play_pcap_audio in progress). */
  threads(): Promise<number>;
  /** SIGUSR1 (SIPp's graceful quit), then SIGKILL after `graceMs`; idempotent. */
  stop(o?: { graceMs?: number }): Promise<SippResult>;
}

export interface SippUasOptions {
  scenario: string;
  host?: string;
  port?: number;
  mediaPort?: number;
  /** Simultaneous calls SIPp accepts (-l); SIPp's own default when absent. */
  maxCalls?: number;
  extraArgs?: string[];
  /** SIPp quits by itself after this long (-timeout): the safety net for an orphaned SIPp. */
  lifetimeS?: number;
  keepWorkDir?: boolean;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => { for (const c of live) c.kill('SIGKILL'); });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/**
 * Starts a SIPp UAS and resolves once its SIP and media ports are bound. Its folder also holds
 * the captures residents.xml replays (writeResidentPcaps), so that scenario runs as it is.
 */
export async function startSippUas(o: SippUasOptions): Promise<SippProcess> {
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? await freeUdpPort(host);
  const mediaPort = o.mediaPort ?? await freeMediaPort(host);
  const workDir = await mkdtemp(join(tmpdir(), 'fangyi-sipp-uas-'));
  const scenario = join(workDir, basename(o.scenario));
  await copyFile(o.scenario, scenario); // SIPp looks for the captures next to the scenario
  await writeResidentPcaps(workDir);
  const args = [
    '-sf', scenario, '-i', host, '-p', String(port), '-mi', host, '-mp', String(mediaPort),
    '-cp', String(await freeUdpPort(host)), ...commonArgs(workDir, o.lifetimeS ?? 900),
    ...(o.maxCalls ? ['-l', String(o.maxCalls)] : []), ...(o.extraArgs ?? []),
  ];
  const run = spawnSipp(args, workDir);
  try {
    await waitUntil(async () => (await udpPortBound(port)) && (await udpPortBound(mediaPort)), run, 10_000);
  } catch (error) {
    await run.finish(0, workDir, true);
    throw error;
  }
  let stopped: Promise<SippResult> | undefined;
  return {
    host, port, mediaPort, workDir, pid: run.child.pid!,
    cpuSeconds: () => processCpuSeconds(run.child.pid!),
    threads: () => processThreads(run.child.pid!),
    stop: (s = {}) => (stopped ??= run.finish(s.graceMs ?? 3000, workDir, !o.keepWorkDir)),
  };
}

export interface SippUacOptions {
  scenario: string;
  target: { host: string; port: number };
  /** The dialled number ([service] in the scenario). */
  service: string;
  calls?: number;
  /** Simultaneous calls (-l). */
  concurrent?: number;
  /** Calls started per second (-r). */
  rate?: number;
  extraArgs?: string[];
  /** SIPp gives up after this long (-timeout). */
  timeoutS?: number;
}

/** Runs a SIPp UAC until its calls are done; `logs` are the lines its <log> actions wrote. */
export async function runSippUac(o: SippUacOptions): Promise<SippResult & { logs: string[] }> {
  const host = '127.0.0.1';
  const workDir = await mkdtemp(join(tmpdir(), 'fangyi-sipp-uac-'));
  const calls = o.calls ?? 1;
  const args = [
    '-sf', o.scenario, `${o.target.host}:${o.target.port}`, '-s', o.service, '-m', String(calls),
    '-i', host, '-p', String(await freeUdpPort(host)), '-mi', host, '-mp', String(await freeMediaPort(host)),
    '-cp', String(await freeUdpPort(host)), ...commonArgs(workDir, o.timeoutS ?? 60),
    '-trace_logs', '-log_file', join(workDir, 'logs.log'),
    ...(o.concurrent ? ['-l', String(o.concurrent)] : []), '-r', String(o.rate ?? Math.min(calls, 100)),
    ...(o.extraArgs ?? []),
  ];
  const run = spawnSipp(args, workDir);
  await Promise.race([run.exited, delay(((o.timeoutS ?? 60) + 10) * 1000)]);
  const logs = (await readFile(join(workDir, 'logs.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const result = await run.finish(0, workDir, true);
  return { ...result, logs };
}

function commonArgs(workDir: string, lifetimeS: number): string[] {
  return [
    '-nostdin', '-trace_err', '-error_file', join(workDir, 'errors.log'),
    '-trace_stat', '-stf', join(workDir, 'stats.csv'), '-fd', '1',
    '-timeout', `${lifetimeS}s`,
    // SIPp's default 64 KB socket buffer drops bursts of hundreds of calls (and then ignores our retransmissions).
    '-buff_size', '4194304',
  ];
}

interface SippRun {
  child: ChildProcess;
  exited: Promise<void>;
  stderr(): string;
  /** Why SIPp could not be started at all (e.g. not installed). */
  spawnError(): Error | undefined;
  finish(graceMs: number, workDir: string, removeDir: boolean): Promise<SippResult>;
}

function spawnSipp(args: string[], cwd: string): SippRun {
  // stdout carries SIPp's screen, refreshed every second: ignored rather than left to fill a pipe.
  const child = spawn('sipp', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let stderr = '';
  let spawnError: Error | undefined;
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => { if (stderr.length < 64_000) stderr += chunk; });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', (error) => { spawnError = error; resolve(); });
  });
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  return {
    child, exited, stderr: () => stderr, spawnError: () => spawnError,
    async finish(graceMs, workDir, removeDir) {
      if (running()) {
        child.kill('SIGUSR1');
        await Promise.race([exited, delay(graceMs)]);
        if (running()) child.kill('SIGKILL');
      }
      await exited;
      const result: SippResult = {
        exitCode: child.exitCode, signal: child.signalCode, stderr,
        errors: await readFile(join(workDir, 'errors.log'), 'utf8').catch(() => ''),
      };
      const stats = parseSippStats(await readFile(join(workDir, 'stats.csv'), 'utf8').catch(() => ''));
      if (stats) result.stats = stats;
      if (removeDir) await rm(workDir, { recursive: true, force: true });
      return result;
    },
  };
}

async function waitUntil(ready: () => Promise<boolean>, run: SippRun, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spawnError = run.spawnError();
    if (spawnError) throw new Error(`sipp could not be started: ${spawnError.message}`);
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      throw new Error(`sipp exited (${run.child.exitCode ?? run.child.signalCode}) before listening: ${run.stderr().slice(-2000)}`);
    }
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`sipp did not bind its ports within ${timeoutMs} ms: ${run.stderr().slice(-2000)}`);
    await delay(20);
  }
}

/** The last row of a -trace_stat file, by column name. */
export function parseSippStats(csv: string): Record<string, string> | undefined {
  const lines = csv.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length < 2) return undefined;
  const names = lines[0]!.split(';');
  const values = lines[lines.length - 1]!.split(';');
  return Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']).filter(([name]) => name));
}

/** A counter of SIPp's statistics as a number (0 when absent). */
export function sippStat(stats: Record<string, string> | undefined, column: string): number {
  const value = Number(stats?.[column]);
  return Number.isFinite(value) ? value : 0;
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux
async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

async function processThreads(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}
