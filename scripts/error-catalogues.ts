/**
 * Finds every capability's error catalogue (the objects exported from every errors.ts under src/, whose
 * values carry status, zh and en). Shared by the docs generator and the test that keeps
 * docs/errors.md complete.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrorDefinition } from '../src/kernel/errors.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function errorFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return errorFiles(full);
    return name === 'errors.ts' ? [full] : [];
  });
}

function isDefinition(value: unknown): value is ErrorDefinition {
  return typeof value === 'object' && value !== null && typeof (value as ErrorDefinition).status === 'number'
    && typeof (value as ErrorDefinition).zh === 'string' && typeof (value as ErrorDefinition).en === 'string';
}

export interface CatalogueEntry extends ErrorDefinition {
  code: string;
  /** The capability folder, e.g. accounts, codes/signing-keys. */
  capability: string;
}

export async function collectErrorCatalogues(): Promise<CatalogueEntry[]> {
  const entries: CatalogueEntry[] = [];
  for (const file of errorFiles(path.join(ROOT, 'src')).sort()) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const capability = path.relative(path.join(ROOT, 'src'), path.dirname(file));
    for (const exported of Object.values(module)) {
      if (typeof exported !== 'object' || exported === null) continue;
      const values = Object.entries(exported as Record<string, unknown>);
      if (values.length === 0 || !values.every(([, v]) => isDefinition(v))) continue;
      for (const [code, def] of values as [string, ErrorDefinition][]) entries.push({ code, capability, ...def });
    }
  }
  return entries;
}

export function renderErrorsDoc(entries: readonly CatalogueEntry[]): string {
  const lines = [
    '# Error codes — 错误码',
    '',
    'Every error the API returns has the body `{ code, zh, en, details?, requestId }` with one of these stable codes.',
    'Clients branch on `code`, show `zh` or `en`, and quote `requestId` to support. The table is generated from each',
    "capability's `errors.ts` by `npm run docs:errors`; a test fails when a code is missing here.",
    '',
    '| code | HTTP | 中文 | English | where |',
    '|---|---|---|---|---|',
    ...entries.map((e) => `| ${e.code} | ${e.status} | ${e.zh} | ${e.en} | ${e.capability} |`),
    '',
  ];
  return lines.join('\n');
}
