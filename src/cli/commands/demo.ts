/**
 * `fangyi demo`: seeds the synthetic demo city (杭州市) into an empty database — what `fangyi serve`
 * does on its first start — and prints the demo log-ins. On a database that already holds
 * persons it says so and changes nothing.
 */
import type { Command } from 'commander';
import { DEFAULT_DEMO_RESIDENTS, describeDemoLogins, seedDemoCity } from '../../demo/service.ts';
import { systemClock } from '../../kernel/time.ts';
import { progressBar } from '../progress.ts';
import { withRuntime } from '../runtime.ts';
import { registerDemoCheckins } from './checkins.ts';

export function registerDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description('Seed the synthetic demo city 杭州市 (330100) into an empty database and print its log-ins')
    .option('-r, --residents <n>', 'how many synthetic residents', String(DEFAULT_DEMO_RESIDENTS))
    .action(async (options: { residents: string }) => {
      const residents = Number.parseInt(options.residents, 10);
      if (!Number.isInteger(residents) || residents < 1 || residents > 1_000_000) {
        throw new Error(`--residents must be a whole number from 1 to 1000000, not "${options.residents}"`);
      }
      const log = (m: string) => console.error(`[fangyi] ${m}`);
      await withRuntime(async ({ database, secrets }) => {
        const seeded = await seedDemoCity({ db: database.db, keyring: secrets.keyring, clock: systemClock, log, progress: progressBar }, { residents });
        if (!seeded) console.log('the database already holds persons: demo not seeded (nothing changed)');
        const logins = await describeDemoLogins(database.db);
        if (logins.length) console.log(['demo log-ins (synthetic demo city — not real people):', ...logins.map((l) => `  ${l}`)].join('\n'));
      }, { log, progress: true });
    });
  registerDemoCheckins(demo);
}
