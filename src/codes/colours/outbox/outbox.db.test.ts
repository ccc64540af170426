import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { noteFactsChanged } from './service.ts';

let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform(); });
afterAll(async () => t.close());

describe('the facts-changed outbox', () => {
  // Regression: a traced case touched 16,384+ persons and the single INSERT passed PostgreSQL's 65,535 parameters.
  it('notes 20,000 persons in one call', async () => {
    await sql`insert into persons (id, id_type, id_number_enc, id_number_hash, id_number_masked, name_enc, name_masked, home_region_code, synthetic)
      select gen_random_uuid(), 'resident_id', 'x', md5(i::text), 'x', 'x', '某*', '330106', true from generate_series(1, 20000) i`.execute(t.database.db);
    const ids = (await t.database.db.selectFrom('persons').select('id').execute()).map((r) => r.id);
    await noteFactsChanged(t.database.db, ids, 'tracing', 'case:regression', new Date());
    const { n } = await t.database.db.selectFrom('codeFactsChanged').select((eb) => eb.fn.countAll<string>().as('n')).where('sourceRef', '=', 'case:regression').executeTakeFirstOrThrow();
    expect(Number(n)).toBe(20000);
  });
});
