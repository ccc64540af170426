/**
 * `fangyi region onboard|list`: bringing a city onto the platform from the server's own machine,
 * and browsing the division tree.
 */
import type { Command } from 'commander';
import { AppError } from '../../kernel/errors.ts';
import { systemClock } from '../../kernel/time.ts';
import { cliActor, listChildRegions, listTenants, type Region } from '../../regions/service.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { withRuntime } from '../runtime.ts';

/** Shows a refusal (a known error code) as code, Chinese, English, instead of a stack. */
export async function reportAppErrors(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`fangyi: ${error.code} — ${error.zh} / ${error.en}`);
    process.exitCode = 2;
  }
}

const LEVEL_NAMES = ['国家 national', '省 province', '市 city', '区县 district', '街道 street'];

function regionLine(region: Region): string {
  const tenant = region.isTenant ? '★' : ' ';
  return `${tenant} ${region.code.padEnd(9)}  ${String(region.level)} ${(LEVEL_NAMES[region.level] ?? '').padEnd(14)}  ${region.name}`;
}

/** Walks every keyset page: divisions are few per parent, but tenants may one day be many. */
async function collectPages(fetch: (afterCode: string | undefined) => Promise<Region[]>, pageSize: number): Promise<Region[]> {
  const all: Region[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetch(after);
    all.push(...page);
    if (page.length < pageSize) return all;
    after = page[page.length - 1]!.code;
  }
}

export function registerRegion(program: Command): void {
  const region = program.command('region').description('行政区划与开通城市 Regions (GB/T 2260) and onboarded cities (tenants)');

  region
    .command('onboard')
    .description('开通城市：创建租户、首个管理员账号（密码只显示一次）和签名密钥 Onboard a city: tenant, first admin (password shown once), signing key')
    .argument('<code>', 'city code, e.g. 330100')
    .option('--admin <username>', 'username of the first admin (default admin-<code>)')
    .action(async (code: string, options: { admin?: string }) => {
      await reportAppErrors(() => withRuntime(async ({ database, secrets }) => {
        const result = await onboardRegion({ db: database.db, keyring: secrets.keyring, clock: systemClock }, cliActor(), code, { adminUsername: options.admin });
        console.log(`已开通 onboarded: ${result.displayName} (${result.regionCode})`);
        console.log(`签名密钥 signing key: ${result.signingKeyId}`);
        console.log('');
        console.log(`管理员账号 admin username: ${result.adminUsername}`);
        console.log(`管理员密码 admin password: ${result.adminPassword}`);
        console.log('');
        console.log('！请立即妥善保存此密码：它只显示这一次，系统不保存明文，无法找回。');
        console.log('! Store this password now: it is shown only once and is not kept in clear; it cannot be recovered.');
      }));
    });

  region
    .command('list')
    .description('列出下级区划（默认列出各省），★ 表示已开通 List child regions (default: provinces); ★ marks onboarded cities')
    .argument('[parent]', 'parent region code', '000000')
    .option('--tenants', 'list only onboarded cities (tenants), whatever the parent')
    .action(async (parent: string, options: { tenants?: boolean }) => {
      await reportAppErrors(() => withRuntime(async ({ database }) => {
        const pageSize = 500;
        const rows = options.tenants
          ? await collectPages((afterCode) => listTenants(database.db, { limit: pageSize, afterCode }), pageSize)
          : await collectPages((afterCode) => listChildRegions(database.db, parent, { limit: pageSize, afterCode }), pageSize);
        for (const row of rows) console.log(regionLine(row));
        console.error(`${rows.length} ${options.tenants ? 'tenants' : 'regions'}`);
      }));
    });
}
