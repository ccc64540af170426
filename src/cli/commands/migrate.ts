import type { Command } from 'commander';
import { withRuntime } from '../runtime.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply database migrations and load the administrative divisions (also done by serve)')
    .action(async () => {
      await withRuntime(async () => console.log('database is up to date'), { progress: true });
    });
}
