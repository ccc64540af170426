/** Runs the real `fangyi` binary as a child process against a test database. */
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface CliRun { code: number; stdout: string; stderr: string }

export function runFangyi(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.resolve('bin/fangyi.js'), ...args], {
      env: { ...process.env, FANGYI_NEW_PASSWORD: '', ...env },
      timeout: 60_000,
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
    child.stdin?.end(); // no terminal: a prompt meets end of input, never a hang
  });
}
