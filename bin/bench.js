#!/usr/bin/env node
// `npm run bench -- <name>` runs bench/<name>.ts, which prints one JSON line last.
import { register } from 'tsx/esm/api';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

register();
const name = process.argv[2];
const benchDir = fileURLToPath(new URL('../bench/', import.meta.url));
const available = readdirSync(benchDir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!name || !existsSync(`${benchDir}${name}.ts`)) {
  console.error(`usage: npm run bench -- <name>; available: ${available.join(', ')}`);
  process.exit(2);
}
await import(`../bench/${name}.ts`);
