#!/usr/bin/env node
// After a web build: writes .br and .gz beside every text asset in web/dist, so the server can
// send them compressed (@fastify/static `preCompressed`) without compressing on each request.
// Residents on cheap phones and slow networks get about a third of the bytes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|woff)$/;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

let written = 0;
for (const file of files(dist).filter((f) => COMPRESSIBLE.test(f))) {
  const raw = readFileSync(file);
  if (raw.length < 1024) continue;
  writeFileSync(`${file}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
  written += 1;
}
console.log(`web: precompressed ${written} files (br, gz)`);
