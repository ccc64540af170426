/**
 * Every app's messages (web/common, web/m, web/admin: locales/<locale>/<capability>.json): the
 * same files and the same keys in Chinese and English, and a message for every coded value the
 * screens show by key (coded values double as message keys).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKIN_METHODS } from '../../src/checkins/model.ts';
import { CASE_SOURCES, CLASSIFICATIONS } from '../../src/tracing/model/case.ts';
import { VENUE_KINDS, VENUE_STATUSES } from '../../src/venues/model.ts';
import type { MessageTree } from './i18n.ts';
import { LOCALES } from './locale.ts';

const WEB = path.resolve(import.meta.dirname, '..');
const APPS = ['common', 'm', 'admin'] as const;

const filesOf = (app: string, locale: string) => readdirSync(path.join(WEB, app, 'locales', locale)).filter((f) => f.endsWith('.json')).sort();
const read = (app: string, locale: string, file: string) => JSON.parse(readFileSync(path.join(WEB, app, 'locales', locale, file), 'utf8')) as MessageTree;
const keys = (tree: MessageTree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`))).sort();

const [first, ...others] = LOCALES;

describe.each(APPS)('web/%s messages', (app) => {
  it.each(others)(`come in the same files in ${first} and %s`, (locale) => {
    expect(filesOf(app, locale)).toEqual(filesOf(app, first));
  });

  describe.each(filesOf(app, first))('%s', (file) => {
    it.each(others)(`has the same keys in ${first} and %s`, (locale) => {
      expect(keys(read(app, locale, file))).toEqual(keys(read(app, first, file)));
    });
  });
});

describe('coded values', () => {
  it.each([
    ['admin', 'checkins.json', 'methods', CHECKIN_METHODS],
    ['admin', 'venues.json', 'kinds', VENUE_KINDS],
    ['admin', 'venues.json', 'statuses', VENUE_STATUSES],
    ['m', 'checkins.json', 'kinds', VENUE_KINDS],
    ['admin', 'tracing.json', 'classification', CLASSIFICATIONS],
    ['admin', 'tracing.json', 'source', CASE_SOURCES],
    ['admin', 'tracing.json', 'venueKinds', VENUE_KINDS],
    ['m', 'tracing.json', 'places', VENUE_KINDS],
  ] as const)('web/%s %s names every value of %s', (app, file, at, values) => {
    expect(Object.keys(read(app, first, file)[at] as MessageTree).sort()).toEqual([...values].sort());
  });
});
