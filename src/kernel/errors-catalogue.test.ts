import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectErrorCatalogues, ROOT } from '../../scripts/error-catalogues.ts';

describe('error catalogue', () => {
  it('documents every error code in docs/errors.md with its status and both messages', async () => {
    const entries = await collectErrorCatalogues();
    expect(entries.length).toBeGreaterThan(20);
    const doc = readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');
    const missing = entries.filter((e) => !doc.includes(`| ${e.code} | ${e.status} | ${e.zh} | ${e.en} |`)).map((e) => e.code);
    expect(missing, 'run npm run docs:errors').toEqual([]);
  });

  it('never defines the same code twice', async () => {
    const codes = (await collectErrorCatalogues()).map((e) => e.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  it('uses 4xx/5xx statuses and non-empty texts in both languages', async () => {
    for (const e of await collectErrorCatalogues()) {
      expect(e.status, e.code).toBeGreaterThanOrEqual(400);
      expect(e.zh.length, e.code).toBeGreaterThan(1);
      expect(e.en.length, e.code).toBeGreaterThan(1);
      expect(e.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    }
  });
});
