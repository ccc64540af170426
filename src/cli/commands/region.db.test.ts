/** The region and user commands, run as the real `fangyi` binary against a test database. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../accounts/password.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { runFangyi, type CliRun } from '../../../test/support/cli.ts';

let database: TestDatabase;
let dataDir: string;

function fangyi(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runFangyi(args, { DATABASE_URL: database.url, FANGYI_DATA_DIR: dataDir, ...env });
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-cli-'));
});
afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('fangyi region', () => {
  it('onboards a city and prints the admin password once, with a warning', async () => {
    const run = await fangyi(['region', 'onboard', '330100', '--admin', 'hz-admin']);
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('hz-admin');
    expect(run.stdout).toMatch(/只显示这一次/);
    expect(run.stdout).toMatch(/shown only once/);
    const password = /admin password: (\S+)/.exec(run.stdout)![1]!;
    const account = await database.db.selectFrom('accounts').select(['id', 'passwordHash']).where('username', '=', 'hz-admin').executeTakeFirstOrThrow();
    expect(await verifyPassword(password, account.passwordHash!)).toBe(true);
    const audit = await database.db.selectFrom('auditLog').select('actorLabel').where('action', '=', 'region.onboard').executeTakeFirstOrThrow();
    expect(audit.actorLabel).toBe(`cli:${os.userInfo().username}`);
    expect(await database.db.selectFrom('signingKeys').select('kid').where('regionCode', '=', '330100').execute()).toHaveLength(1);
  });

  it('refuses a second onboarding with the error code in both languages', async () => {
    const run = await fangyi(['region', 'onboard', '330100']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('REGION_ALREADY_ONBOARDED');
    expect(run.stderr).toContain('该地区已开通');
    expect(run.stdout).not.toContain('password');
  });

  it('lists children with a mark for tenants, and only tenants with --tenants', async () => {
    // Independent read-only runs, in parallel: each start of the CLI costs seconds.
    const [provinces, districts, cities, tenants] = await Promise.all([
      fangyi(['region', 'list']), fangyi(['region', 'list', '330100']), fangyi(['region', 'list', '330000']), fangyi(['region', 'list', '--tenants']),
    ]);
    expect(provinces.stdout).toMatch(/330000\s+1 .*浙江省/);
    expect(districts.stdout).toMatch(/330106\s+3 .*西湖区/);
    expect(cities.stdout).toMatch(/★ 330100\s+2 .*杭州市/);
    expect(cities.stdout).toMatch(/^ {2}330200 /m);
    expect(tenants.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^★ 330100 .*杭州市$/)]);
  });
});

describe('fangyi user add', () => {
  const add = ['user', 'add', '--username', 'zhangsan', '--name', '张三', '--role', 'health_official', '--region', '330106'];

  it('creates a staff account with the password from FANGYI_NEW_PASSWORD', async () => {
    const run = await fangyi([...add, '--phone', '13800001111', '--otp'], { FANGYI_NEW_PASSWORD: 'correct-horse-9' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('浙江省杭州市西湖区');
    const account = await database.db.selectFrom('accounts').select(['id', 'passwordHash', 'phoneEnc', 'phoneMasked', 'otpRequired', 'displayName'])
      .where('username', '=', 'zhangsan').executeTakeFirstOrThrow();
    expect(account).toMatchObject({ displayName: '张三', phoneMasked: '138****1111', otpRequired: true });
    expect(account.phoneEnc).not.toContain('13800001111');
    expect(await verifyPassword('correct-horse-9', account.passwordHash!)).toBe(true);
    const roles = await database.db.selectFrom('accountRoles').select(['role', 'regionCode']).where('accountId', '=', account.id).execute();
    expect(roles).toEqual([{ role: 'health_official', regionCode: '330106' }]);
    const audit = await database.db.selectFrom('auditLog').select('actorLabel').where('targetId', '=', account.id).executeTakeFirstOrThrow();
    expect(audit.actorLabel).toMatch(/^cli:/);
  });

  it('refuses a weak password and a taken username without writing', async () => {
    const weak = await fangyi([...add.slice(0, 3), 'lisi', ...add.slice(4)], { FANGYI_NEW_PASSWORD: 'short' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('ACCOUNT_WEAK_PASSWORD');
    expect(await database.db.selectFrom('accounts').select('id').where('username', '=', 'lisi').executeTakeFirst()).toBeUndefined();
    const taken = await fangyi(add, { FANGYI_NEW_PASSWORD: 'correct-horse-9' });
    expect(taken.stderr).toContain('ACCOUNT_USERNAME_TAKEN');
  });

  it('asks for the password instead of accepting it as an argument', async () => {
    const [none, asArgument, help] = await Promise.all([
      fangyi([...add.slice(0, 3), 'wangwu', ...add.slice(4)]), fangyi([...add, '--password', 'correct-horse-9']), fangyi(['user', 'add', '--help']),
    ]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('FANGYI_NEW_PASSWORD');
    expect(asArgument.code).not.toBe(0);
    expect(asArgument.stderr).toMatch(/unknown option/);
    expect(help.stdout).toContain('FANGYI_NEW_PASSWORD');
  });

  it('rejects an unknown role before touching the database', async () => {
    const run = await fangyi(['user', 'add', '--username', 'x1x', '--name', 'X', '--role', 'resident', '--region', '330100'], { FANGYI_NEW_PASSWORD: 'correct-horse-9' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/resident.*is invalid|Allowed choices/);
  });
});
