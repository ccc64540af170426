/**
 * `fangyi checkins purge|partitions|retention`: check-in storage by hand (the hourly job does the
 * same), and `fangyi demo checkins`: synthetic check-ins for the demo city, loaded with COPY.
 */
import type { Command } from 'commander';
import { purgeExpiredCheckins, ensureUpcomingPartitions, changeRetention, retentionDaysFor } from '../../checkins/partitions/service.ts';
import { generateSyntheticCheckins } from '../../checkins/synthetic.ts';
import { DEMO_CITY_CODE } from '../../demo/model/city.ts';
import { systemClock } from '../../kernel/time.ts';
import { cliActor } from '../../regions/service.ts';
import { progressBar } from '../progress.ts';
import { withRuntime } from '../runtime.ts';
import { reportAppErrors } from './region.ts';

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return value;
}

export function registerCheckins(program: Command): void {
  const checkins = program.command('checkins').description('场所登记 Check-ins: partitions, retention, purge');

  checkins
    .command('purge')
    .description('删除已过保存期的登记分区（审计）Drop check-in partitions whose retention has ended (audited)')
    .action(async () => {
      await reportAppErrors(() => withRuntime(async ({ database }) => {
        const result = await purgeExpiredCheckins({ db: database.db, clock: systemClock }, cliActor());
        for (const d of result.dropped) console.log(`dropped ${d.partition} (${d.day}, kept ${d.retentionDays} days): ${d.rows} check-ins`);
        for (const day of result.days) console.log(`dropped ${day}`);
        console.error(`${result.dropped.reduce((n, d) => n + d.rows, 0)} check-ins in ${result.dropped.length} partitions removed (today ${result.today})`);
      }));
    });

  checkins
    .command('partitions')
    .description('预建今天及之后两天的分区 Create the partitions of today and the next two days')
    .action(async () => {
      await reportAppErrors(() => withRuntime(async ({ database }) => {
        const created = await ensureUpcomingPartitions({ db: database.db, clock: systemClock });
        for (const name of created) console.log(`created ${name}`);
        console.error(`${created.length} partitions created`);
      }));
    });

  checkins
    .command('retention')
    .description('查看或修改城市的登记保存天数（14–60，审计）Show or change how long a city keeps check-ins (14–60 days; audited)')
    .argument('<region>', 'onboarded city code, e.g. 330100')
    .option('--days <n>', 'new retention in days; applies to check-ins recorded from now on')
    .action(async (region: string, options: { days?: string }) => {
      await reportAppErrors(() => withRuntime(async ({ database }) => {
        const deps = { db: database.db, clock: systemClock };
        if (options.days === undefined) {
          console.log(`${region}: ${await retentionDaysFor(deps, region)} days`);
          return;
        }
        const setting = await changeRetention(deps, cliActor(), region, Number(options.days));
        console.log(`${setting.regionCode}: check-ins recorded from now on are kept ${setting.retentionDays} days (today's are gone on ${setting.todaysCheckinsPurgedOn})`);
      }));
    });
}

/** `fangyi demo checkins`: a subcommand of `demo`. */
export function registerDemoCheckins(demo: Command): void {
  demo
    .command('checkins')
    .description('为演示城市生成合成登记数据（COPY 导入）Synthetic check-ins of the demo city\'s residents and venues, loaded with COPY')
    .option('--days <n>', 'days back from today (today included)', '14')
    .option('--per-day <n>', 'check-ins per day', '10000')
    .option('--seed <n>', 'random seed (same seed, same data)', '20200123')
    .action(async (options: { days: string; perDay: string; seed: string }) => {
      const days = wholeNumber('--days', options.days, 1, 60);
      const perDay = wholeNumber('--per-day', options.perDay, 1, 10_000_000);
      const seed = wholeNumber('--seed', options.seed, 0, 2 ** 31);
      const log = (m: string) => console.error(`[fangyi] ${m}`);
      await reportAppErrors(() => withRuntime(async ({ database, secrets }) => {
        const summary = await generateSyntheticCheckins(
          { db: database.db, keyring: secrets.keyring, clock: systemClock, databaseUrl: database.url },
          { cityCode: DEMO_CITY_CODE, days, perDay, seed }, progressBar('demo check-ins'),
        );
        console.log(`${summary.rows} synthetic check-ins over ${summary.days.length} days (${summary.days[0]} – ${summary.days.at(-1)}), `
          + `${summary.persons} residents, ${summary.venues} venues, in ${summary.seconds} s`);
      }, { log, progress: true }));
    });
}
