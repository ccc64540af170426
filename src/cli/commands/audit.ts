import type { Command } from 'commander';
import { recordAudit, verifyAuditChain } from '../../audit/service.ts';
import { progressBar } from '../progress.ts';
import { withRuntime } from '../runtime.ts';
import os from 'node:os';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('The append-only audit log');
  audit
    .command('verify')
    .description('Check the hash chain of the whole audit log; names the first broken entry')
    .action(async () => {
      await withRuntime(async ({ database }) => {
        const total = Number((await database.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        const bar = progressBar('audit verify');
        const result = await verifyAuditChain(database.db, (checked) => bar.update(checked, total));
        bar.stop();
        await recordAudit(database.db, { system: `cli:${os.userInfo().username}` }, { action: 'audit.verify', detail: { intact: result.intact, checked: result.checked } });
        if (result.intact) {
          console.log(`audit log intact: ${result.checked} entries checked`);
        } else {
          console.log(`audit log BROKEN at entry ${result.firstBroken!.id} (${result.firstBroken!.problem}); ${result.checked} entries before it are intact`);
          process.exitCode = 3;
        }
      });
    });
}
