/**
 * The `fangyi` command. Each command lives in ./commands/<name>.ts and registers itself here.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

// Only the command asked for is loaded (serve alone pulls in the whole platform): `fangyi region
// list` starts in a fraction of the time. Help, --version or an unknown name load them all.
const commands: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./commands/serve.ts')).registerServe,
  migrate: async () => (await import('./commands/migrate.ts')).registerMigrate,
  audit: async () => (await import('./commands/audit.ts')).registerAudit,
  region: async () => (await import('./commands/region.ts')).registerRegion,
  user: async () => (await import('./commands/user.ts')).registerUser,
  rules: async () => (await import('./commands/rules.ts')).registerRules,
  demo: async () => (await import('./commands/demo.ts')).registerDemo,
  keys: async () => (await import('./commands/keys.ts')).registerKeys,
  trust: async () => (await import('./commands/trust.ts')).registerTrust,
  checkins: async () => (await import('./commands/checkins.ts')).registerCheckins,
  orgs: async () => (await import('./commands/orgs.ts')).registerOrgs,
  nlu: async () => (await import('./commands/nlu.ts')).registerNlu,
  rt: async () => (await import('./commands/rt.ts')).registerRt,
};

const program = new Command();
program
  .name('fangyi')
  .description('防疫 fangyi — digital epidemic-response platform')
  .version('0.1.0')
  .showHelpAfterError();

const named = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const wanted = named !== undefined && Object.hasOwn(commands, named) ? [named] : Object.keys(commands);
for (const register of await Promise.all(wanted.map((name) => commands[name]!()))) register(program);

await program.parseAsync(process.argv).catch((error: Error) => {
  console.error(`fangyi: ${error.message}`);
  if (process.env.FANGYI_DEBUG) console.error(error);
  process.exitCode = 1;
});
