/**
 * `fangyi orgs import <orgId> <file.xlsx> [--dry-run]`: a roster (花名册) into an organisation, in
 * this process (the console's imports go through a background job) with progress bars for the
 * check and the writing; the bad rows are printed (row, column, reason), the good ones written.
 * `fangyi orgs template <file.xlsx>` writes the empty roster template.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock } from '../../kernel/time.ts';
import { buildRosterTemplate, importRoster } from '../../orgs/roster.ts';
import { cliActor } from '../../regions/service.ts';
import { progressBar } from '../progress.ts';
import { withRuntime } from '../runtime.ts';
import { reportAppErrors } from './region.ts';

export function registerOrgs(program: Command): void {
  const orgs = program.command('orgs').description('单位 Organisations: roster import');

  orgs
    .command('import')
    .description('导入花名册（逐行检查，写入无误的行，列出有误的行；审计）Import a roster: good rows are written, bad rows listed (audited)')
    .argument('<orgId>', 'the organisation\'s id')
    .argument('<file>', 'the filled-in roster template (.xlsx)')
    .option('--dry-run', 'check every row and report, write nothing')
    .option('--refuse-new-units', 'refuse rows whose 部门/班级 does not exist yet (default: create it)')
    .action(async (orgId: string, file: string, options: { dryRun?: boolean; refuseNewUnits?: boolean }) => {
      const bytes = await readFile(file);
      await reportAppErrors(() => withRuntime(async ({ database, secrets }) => {
        const who = cliActor();
        const report = await importRoster({ db: database.db, keyring: secrets.keyring, clock: systemClock }, 'system' in who ? who : { actor: who }, orgId, bytes, {
          dryRun: options.dryRun === true, createUnits: options.refuseNewUnits !== true, checking: progressBar('check'), progress: progressBar('roster'),
        });
        for (const row of report.report) {
          for (const e of row.errors) console.log(`row ${row.row}\t${e.column}\t${e.code}\t${e.zh}`);
        }
        const verb = report.dryRun ? 'would import' : 'imported';
        console.error(`${report.rows} rows: ${verb} ${report.dryRun ? report.good : report.imported} (${report.personsMatched} matched, ${report.personsCreated} new persons), `
          + `${report.bad} bad; units ${report.dryRun ? 'to create' : 'created'}: ${report.unitsCreated.length ? report.unitsCreated.join(', ') : 'none'}`);
        if (report.bad > 0) process.exitCode = 3;
      }, { progress: true }));
    });

  orgs
    .command('template')
    .description('写出空白花名册模板 Write the empty roster template')
    .argument('<file>', 'where to write the .xlsx')
    .action(async (file: string) => {
      await writeFile(file, await buildRosterTemplate());
      console.error(`wrote ${file}`);
    });
}
