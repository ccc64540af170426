/**
 * The `fangyi` command. Each command lives in ./commands/<name>.ts and registers itself here.
 */
import { Command } from 'commander';
import { registerServe } from './commands/serve.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerAudit } from './commands/audit.ts';
import { registerRegion } from './commands/region.ts';
import { registerUser } from './commands/user.ts';
import { registerRules } from './commands/rules.ts';
import { registerDemo } from './commands/demo.ts';
import { registerKeys } from './commands/keys.ts';
import { registerTrust } from './commands/trust.ts';
import { registerCheckins } from './commands/checkins.ts';
import { registerOrgs } from './commands/orgs.ts';
import { registerNlu } from './commands/nlu.ts';

const program = new Command();
program
  .name('fangyi')
  .description('防疫 fangyi — digital epidemic-response platform')
  .version('0.1.0')
  .showHelpAfterError();

registerServe(program);
registerMigrate(program);
registerAudit(program);
registerRegion(program);
registerUser(program);
registerRules(program);
registerDemo(program);
registerKeys(program);
registerTrust(program);
registerCheckins(program);
registerOrgs(program);
registerNlu(program);

await program.parseAsync(process.argv).catch((error: Error) => {
  console.error(`fangyi: ${error.message}`);
  if (process.env.FANGYI_DEBUG) console.error(error);
  process.exitCode = 1;
});
