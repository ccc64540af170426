#!/usr/bin/env node
// `npm test`: type-check, build the web apps (the browser tests load them), then every vitest
// project: unit, db:embedded, db:server (when FANGYI_TEST_SERVER_URL is set), e2e.
import { spawnSync } from 'node:child_process';

function run(label, command, args) {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

run('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
run('type-check web', 'npx', ['vue-tsc', '--noEmit', '-p', 'web/tsconfig.json']);
run('build web', 'npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
run('precompress web', process.execPath, ['scripts/precompress-web.mjs']);
run('tests', 'npx', ['vitest', 'run', ...process.argv.slice(2)]);
