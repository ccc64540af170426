#!/usr/bin/env node
/**
 * Run before `npm start`: rebuilds the web apps (vite) only when web/dist is missing or a
 * source under web/ (or the dependency lock) changed since the last build, so a restart costs
 * nothing when the front end did not change. Prints exactly one line either way (the build's
 * own output only when it fails).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(repo, 'web');
const distDir = path.join(webDir, 'dist');
const stampFile = path.join(distDir, '.build-stamp');
const entryPages = ['m/index.html', 'admin/index.html'].map((page) => path.join(distDir, page));
const skippedDirs = new Set(['dist', 'node_modules']);

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skippedDirs.has(entry.name)) newest = Math.max(newest, newestSourceMtime(path.join(dir, entry.name)));
    } else if (entry.isFile()) {
      newest = Math.max(newest, statSync(path.join(dir, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function staleReason() {
  if (!entryPages.every((page) => existsSync(page))) return 'no previous build';
  // `npm run build:web` by hand leaves no stamp (vite empties dist): its pages' time stands in.
  const builtAt = existsSync(stampFile) ? statSync(stampFile).mtimeMs : Math.min(...entryPages.map((page) => statSync(page).mtimeMs));
  const lock = path.join(repo, 'package-lock.json');
  if (existsSync(lock) && statSync(lock).mtimeMs > builtAt) return 'dependencies changed';
  return newestSourceMtime(webDir) > builtAt ? 'sources changed' : null;
}

const reason = staleReason();
if (!reason) {
  console.log('web: web/dist is up to date, not rebuilding');
  process.exit(0);
}

const viteBin = path.join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(viteBin)) {
  // A production install without devDependencies: serve the API; the server warns that /m/ and /admin/ are missing.
  console.log(`web: ${reason}, but vite is not installed (npm install --include=dev); serving without rebuilding`);
  process.exit(0);
}

const started = Date.now();
const startedAt = new Date(started);
const build = spawnSync(process.execPath, [viteBin, 'build', '--config', path.join(webDir, 'vite.config.ts')], { cwd: repo, encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  console.log(`web: build failed (${reason}); see the vite output above`);
  process.exit(build.status ?? 1);
}
spawnSync(process.execPath, [path.join(repo, 'scripts', 'precompress-web.mjs')], { cwd: repo, stdio: 'inherit' });
// Stamped with the time the build started: a source saved during the build makes the next start rebuild.
writeFileSync(stampFile, `${startedAt.toISOString()}\n`);
utimesSync(stampFile, startedAt, startedAt);
console.log(`web: rebuilt web/dist (${reason}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
