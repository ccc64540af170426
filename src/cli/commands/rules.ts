/**
 * `fangyi rules simulate <file> --region 330100`: the console's "what if" from the server's own
 * machine — how many people of the region would change colour under a proposed rule set, by
 * district and by reason. Nothing is published; the run is audited as the CLI.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '../../kernel/time.ts';
import { simulateRuleSetForRegion } from '../../codes/colours/service.ts';
import { cliActor } from '../../regions/service.ts';
import { withRuntime } from '../runtime.ts';
import { reportAppErrors } from './region.ts';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read rule set ${file}: ${(error as Error).message}`);
  }
}

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('健康码规则 Health-code rule sets');

  rules
    .command('simulate')
    .description('模拟：按拟议规则重新评估本地区今日人员，统计转码人数（不发布） Simulate a proposed rule set over the region\'s population (nothing is published)')
    .argument('<file>', 'rule set JSON (fangyi-rules/1)')
    .requiredOption('--region <code>', 'GB/T 2260 code of the region, e.g. 330100')
    .option('--json', 'print only the JSON report')
    .action(async (file: string, options: { region: string; json?: boolean }) => {
      const proposed = readJson(file);
      await reportAppErrors(() => withRuntime(async ({ database, secrets }) => {
        const result = await simulateRuleSetForRegion({ db: database.db, keyring: secrets.keyring, clock: systemClock }, cliActor(), options.region, proposed);
        if (!options.json) {
          console.log(`地区 region ${result.regionCode} · 现行规则 current ${result.currentRuleSetRef} · 人数 population ${result.population}`);
        }
        console.log(JSON.stringify(result.report, null, options.json ? 0 : 2));
      }));
    });
}
