/**
 * `fangyi user add`: a staff account created at the server's own keyboard. The password is asked
 * for (hidden) or read from FANGYI_NEW_PASSWORD, never taken as an argument, so it does not end
 * up in shell history or the process list.
 */
import os from 'node:os';
import readline from 'node:readline';
import { Option, type Command } from 'commander';
import { createStaffAccount } from '../../accounts/service.ts';
import { STAFF_ROLES, type Role } from '../../kernel/access.ts';
import { systemClock } from '../../kernel/time.ts';
import { regionNames } from '../../regions/service.ts';
import { withRuntime } from '../runtime.ts';
import { reportAppErrors } from './region.ts';

const PASSWORD_ENV = 'FANGYI_NEW_PASSWORD';

/** Reads one line without echoing it (a terminal), or the first line of piped input. */
function readSecretLine(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    const rl = readline.createInterface({ input, output: process.stderr, terminal: input.isTTY === true });
    if (input.isTTY) {
      process.stderr.write(prompt);
      // Swallow the echo: readline writes typed characters through _writeToOutput.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    }
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      if (input.isTTY) process.stderr.write('\n');
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) reject(new Error(`no password given: type it when asked, or set ${PASSWORD_ENV}`));
    });
  });
}

async function askNewPassword(): Promise<string> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  const first = await readSecretLine('新密码 New password: ');
  if (!process.stdin.isTTY) return first;
  const second = await readSecretLine('再输入一次 Repeat: ');
  if (first !== second) throw new Error('the two passwords differ / 两次输入的密码不一致');
  return first;
}

interface UserAddOptions {
  username: string;
  name: string;
  role: Role;
  region: string;
  phone?: string;
  otp?: boolean;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('工作人员账号 Staff accounts');

  user
    .command('add')
    .description(`创建工作人员账号；密码在提示时输入，或由环境变量 ${PASSWORD_ENV} 提供 Create a staff account; the password is prompted for or read from ${PASSWORD_ENV}`)
    .requiredOption('--username <username>', 'sign-in name: 3–40 of a-z 0-9 . _ -')
    .requiredOption('--name <displayName>', 'name shown in the console, e.g. "张三"')
    .addOption(new Option('--role <role>', 'role').choices(STAFF_ROLES).makeOptionMandatory())
    .requiredOption('--region <code>', 'region the role applies to, e.g. 330100')
    .option('--phone <mobile>', 'mobile number (needed for --otp)')
    .option('--otp', 'require a one-time SMS code at every sign-in')
    .action(async (options: UserAddOptions) => {
      await reportAppErrors(async () => {
        const password = await askNewPassword();
        await withRuntime(async ({ database, secrets }) => {
          const created = await createStaffAccount(
            { db: database.db, keyring: secrets.keyring, clock: systemClock },
            { system: `cli:${os.userInfo().username}` },
            {
              username: options.username, displayName: options.name, password, phone: options.phone, otpRequired: options.otp ?? false,
              roles: [{ role: options.role, regionCode: options.region }],
            },
          );
          const regionName = (await regionNames(database.db, [options.region])).get(options.region) ?? options.region;
          console.log(`已创建 created: ${options.username.trim().toLowerCase()} (${created.accountId}) — ${options.role} @ ${regionName}`);
        });
      });
    });
}
