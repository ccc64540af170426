/**
 * Runs a chain of command-line tools (espeak-ng | sox) without a shell: arguments and input are
 * data, never parsed by /bin/sh, so a prompt text cannot inject commands.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { TtsFailedError, TtsUnavailableError } from './errors.ts';

export interface ToolStage { command: string; args: readonly string[] }

const STDERR_LIMIT = 4096;

/** Feeds `input` to the first tool, pipes each tool into the next, resolves the last one's stdout. */
export function runPipeline(stages: readonly ToolStage[], input: string | Buffer | null, o: { timeoutMs: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const procs: ChildProcessWithoutNullStreams[] = [];
    const stderr: string[] = stages.map(() => '');
    const output: Buffer[] = [];
    let settled = false;
    let running = stages.length;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(() => fail(new TtsFailedError(`${stages.map((s) => s.command).join(' | ')} took longer than ${o.timeoutMs} ms`)), o.timeoutMs);

    stages.forEach((stage, i) => {
      const proc = spawn(stage.command, stage.args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
      procs.push(proc);
      // EPIPE when a tool exits early: its exit status says what went wrong.
      proc.stdin.on('error', () => {});
      proc.stderr.on('data', (chunk: Buffer) => {
        if (stderr[i]!.length < STDERR_LIMIT) stderr[i] += chunk.toString('utf8');
      });
      proc.on('error', (error: NodeJS.ErrnoException) => {
        fail(error.code === 'ENOENT' ? new TtsUnavailableError(stage.command, error) : new TtsFailedError(`${stage.command}: ${error.message}`, error));
      });
      proc.on('close', (code, signal) => {
        if (code !== 0) {
          fail(new TtsFailedError(`${stage.command} ${signal ? `was killed (${signal})` : `exited with ${code}`}: ${stderr[i]!.trim().slice(0, 500)}`));
          return;
        }
        running -= 1;
        if (running === 0 && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve(Buffer.concat(output));
        }
      });
    });
    for (let i = 0; i + 1 < procs.length; i++) procs[i]!.stdout.pipe(procs[i + 1]!.stdin);
    procs.at(-1)!.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    const first = procs[0]!.stdin;
    if (input === null) first.end();
    else first.end(input);
  });
}
