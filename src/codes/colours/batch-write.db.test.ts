import { randomUUID } from 'node:crypto';
import { sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { fixedClock } from '../../kernel/time.ts';
import { noteFactsChanged } from './outbox/service.ts';
import { recomputeColours } from './service.ts';

/*
 * recomputeColours writes a batch's statuses and colour events in multi-row statements, chunked
 * under PostgreSQL's 65,535 parameters: a batch larger than one chunk must still give every person
 * their status and event, and keep each person's subject id on later recomputations.
 */
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
const PERSONS = 1_201;
const BATCH = 1_500;
let t: TestPlatform;
let ids: string[];

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  const { rows } = await sql<{ id: string }>`
    insert into persons (id, id_type, id_number_enc, id_number_hash, id_number_masked, name_enc, name_masked, home_region_code, synthetic)
    select gen_random_uuid(), 'resident_id', 'x', md5(random()::text || i::text), 'x', 'x', '某*', '330102', true from generate_series(1, ${PERSONS}::int) i
    returning id`.execute(t.database.db);
  ids = rows.map((r) => r.id);
});
afterAll(async () => t.close());

/** Fever and cough declared an hour ago: not green under the bundled rules. */
async function declareFever(personIds: readonly string[]): Promise<void> {
  await t.database.db.insertInto('healthDeclarations').values(personIds.map((personId) => ({
    id: randomUUID(), personId, declaredByAccountId: null, declaredAt: new Date(clock.now().getTime() - 3_600_000), regionCode: '330102', addressEnc: 'x.fixture',
    phoneEnc: null, phoneMasked: null, temperature: 38.2, symptoms: ['fever', 'cough'], stayedRegionCodes: ['330102'], contact: 'none' as const, pledge: true,
  }))).execute();
}

/** Counts the statements run through the returned database handle, by kind. */
function countingDb() {
  const counts = { total: 0, statusUpserts: 0, eventInserts: 0 };
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      counts.total++;
      const table = (n: RootOperationNode) => (n.kind === 'InsertQueryNode' ? n.into?.table.identifier.name : undefined);
      if (table(node) === 'code_status') counts.statusUpserts++;
      if (table(node) === 'colour_events') counts.eventInserts++;
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
  return { db: t.database.db.withPlugin(plugin), counts };
}

const statuses = async () => new Map((await t.database.db.selectFrom('codeStatus').select(['personId', 'colour', 'subjectId', 'evaluatedAt'])
  .where('personId', 'in', ids).execute()).map((r) => [r.personId, r]));
const events = async () => t.database.db.selectFrom('colourEvents').selectAll().where('personId', 'in', ids).orderBy('id').execute();

describe('recomputing more persons than one write chunk holds', () => {
  it('gives every person a status and an event, marks their facts processed, and keeps subject ids', async () => {
    const feverish = new Set(ids.slice(0, 300));
    await declareFever([...feverish]);
    await noteFactsChanged(t.database.db, ids, 'test', 'batch-write', clock.now());
    const missing = randomUUID();

    const first = countingDb();
    expect(await recomputeColours({ ...t.platform, db: first.db }, [...ids, missing], { evidenceRef: 'case:first' }, BATCH))
      .toEqual({ recomputed: PERSONS, failed: 1 });
    expect(first.counts).toMatchObject({ statusUpserts: 2, eventInserts: 2 });

    const afterFirst = await statuses();
    expect(afterFirst.size).toBe(PERSONS);
    for (const id of ids) {
      const s = afterFirst.get(id)!;
      expect(s.colour === 'green').toBe(!feverish.has(id));
      expect(s.evaluatedAt).toEqual(clock.now());
      expect(s.subjectId.length).toBeGreaterThan(0);
    }
    expect(new Set([...afterFirst.values()].map((s) => s.subjectId.toString('hex'))).size).toBe(PERSONS);
    const firstEvents = await events();
    expect(firstEvents.length).toBe(PERSONS);
    expect(new Set(firstEvents.map((e) => e.personId)).size).toBe(PERSONS);
    for (const e of firstEvents) {
      expect(e).toMatchObject({ fromColour: null, toColour: afterFirst.get(e.personId)!.colour, evidenceRef: 'case:first', actorKind: 'system', actorAccountId: null, at: clock.now() });
    }
    const pending = await t.database.db.selectFrom('codeFactsChanged').select('id').where('sourceRef', '=', 'batch-write').where('processedAt', 'is', null).execute();
    expect(pending).toEqual([]);

    // Later: 200 more persons fall ill; everyone is recomputed again.
    const newlyFeverish = new Set(ids.slice(300, 500));
    await declareFever([...newlyFeverish]);
    clock.advance(60_000);
    const second = countingDb();
    expect(await recomputeColours({ ...t.platform, db: second.db }, ids, { evidenceRef: 'case:second' }, BATCH)).toEqual({ recomputed: PERSONS, failed: 0 });
    expect(second.counts).toMatchObject({ statusUpserts: 2, eventInserts: 1 });

    const afterSecond = await statuses();
    for (const id of ids) {
      const s = afterSecond.get(id)!;
      expect(s.subjectId.equals(afterFirst.get(id)!.subjectId)).toBe(true);
      expect(s.colour === 'green').toBe(!feverish.has(id) && !newlyFeverish.has(id));
      expect(s.evaluatedAt).toEqual(clock.now());
    }
    const secondEvents = (await events()).slice(PERSONS);
    expect(secondEvents.map((e) => e.personId).sort()).toEqual([...newlyFeverish].sort());
    for (const e of secondEvents) {
      expect(e).toMatchObject({ fromColour: 'green', toColour: afterSecond.get(e.personId)!.colour, evidenceRef: 'case:second', at: clock.now() });
    }
  });
});
