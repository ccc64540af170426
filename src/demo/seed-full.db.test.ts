/** The full demo city, as `fangyi serve` seeds it on an empty database: must finish in under a minute on 2 cores. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countVenues } from '../venues/service.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { seedDemoIfEmpty } from './service.ts';

let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform(); });
afterAll(async () => t.close());

it('seeds 5,000 residents, their guardianships and 200 venues in under a minute', { timeout: 120_000 }, async () => {
  const log: string[] = [];
  const started = performance.now();
  expect(await seedDemoIfEmpty({ db: t.database.db, keyring: t.platform.keyring, log: (m) => log.push(m) })).toBe(true);
  const seconds = (performance.now() - started) / 1000;
  console.info(`full demo seed: ${seconds.toFixed(1)} s`);
  expect(seconds).toBeLessThan(60);
  // The residents, without the persons of the past epidemic's cases (seed-analytics.ts: registered before the seed's moment).
  const history = t.database.db.selectFrom('cases').select('personId').where('createdAt', '<', new Date(Date.now() - 60_000));
  const persons = await t.database.db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).where('synthetic', '=', true).where('id', 'not in', history).executeTakeFirstOrThrow();
  expect(Number(persons.n)).toBe(5000);
  const links = await t.database.db.selectFrom('guardianships').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(links.n)).toBeGreaterThan(1000);
  expect(await countVenues(t.database.db, '330100')).toBe(200);
  expect(log.at(-1)).toMatch(/^demo city seeded in [0-9.]+ s: 5000 residents/);
  console.info(log.at(-1));
  // Travel and return to work at full size: about fifty trips, two approved companies' employees (150 each) nine in ten declared.
  const trips = await t.database.db.selectFrom('travelDeclarations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(trips.n)).toBeGreaterThanOrEqual(45);
  const declarations = await t.database.db.selectFrom('orgReturnDeclarations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(declarations.n)).toBeGreaterThan(250);
});
