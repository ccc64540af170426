import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { testKeyring } from '../../test/support/platform.ts';
import { systemClock } from '../kernel/time.ts';
import { residentIdCheckDigit } from './model/id-number.ts';
import { bindDependantsBulk, registerPeopleBulk, type NewPerson } from './service.ts';

let database: TestDatabase;
const keyring = testKeyring();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

function residentId(serial: number): string {
  const first17 = `330102${19500101 + (serial % 28)}${String(serial % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

function people(count: number, offset: number): NewPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    // Vary the birth year through the serial so every number is unique.
    const first17 = `3301${String(10 + (n % 9)).padStart(2, '0')}${1950 + Math.floor(n / 1000) % 70}0101${String(n % 1000).padStart(3, '0')}`;
    return { idType: 'resident_id', idNumber: first17 + residentIdCheckDigit(first17), name: '张三', phone: `138${String(n).padStart(8, '0')}`, homeRegionCode: '330102', synthetic: true };
  });
}

async function countPersons(): Promise<number> {
  const row = await database.db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('registerPeopleBulk', () => {
  it('inserts 5,000 persons quickly and returns ids in input order', async () => {
    const rows = people(5000, 0);
    const started = Date.now();
    const ids = await registerPeopleBulk({ db: database.db, keyring, clock: systemClock }, rows);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(ids).toHaveLength(5000);
    expect(new Set(ids).size).toBe(5000);
    const stored = await database.db.selectFrom('persons').select(['idNumberMasked', 'phoneMasked', 'synthetic']).where('id', '=', ids[1234]!).executeTakeFirstOrThrow();
    expect(stored.idNumberMasked).toBe(`${rows[1234]!.idNumber.slice(0, 6)}********${rows[1234]!.idNumber.slice(14)}`);
    expect(stored.phoneMasked).toBe('138****1234');
    expect(stored.synthetic).toBe(true);
  });

  it('refuses the whole batch when one row is invalid, naming its index', async () => {
    const before = await countPersons();
    const rows = people(3, 90_000);
    rows[2] = { ...rows[2]!, idNumber: `${rows[2]!.idNumber.slice(0, 17)}${rows[2]!.idNumber[17] === '0' ? '1' : '0'}` };
    await expect(registerPeopleBulk({ db: database.db, keyring, clock: systemClock }, rows))
      .rejects.toMatchObject({ code: 'PERSON_ID_CHECK_DIGIT', details: { field: 'idNumber', index: 2 } });
    expect(await countPersons()).toBe(before);
  });

  it('refuses an unknown home region and a number already registered, writing nothing', async () => {
    const before = await countPersons();
    await expect(registerPeopleBulk({ db: database.db, keyring, clock: systemClock }, [{ ...people(1, 91_000)[0]!, homeRegionCode: '339999' }]))
      .rejects.toMatchObject({ code: 'PERSON_REGION_UNKNOWN', details: { index: 0 } });
    await expect(registerPeopleBulk({ db: database.db, keyring, clock: systemClock }, [...people(1, 92_000), ...people(1, 0)]))
      .rejects.toMatchObject({ code: 'PERSON_ALREADY_REGISTERED' });
    expect(await countPersons()).toBe(before);
  });

  it('refuses the same number twice in one batch', async () => {
    const row = { idType: 'resident_id' as const, idNumber: residentId(7), name: 'Li Si', homeRegionCode: '330102' };
    await expect(registerPeopleBulk({ db: database.db, keyring, clock: systemClock }, [row, { ...row, idNumber: row.idNumber.toLowerCase() }]))
      .rejects.toMatchObject({ code: 'PERSON_DUPLICATE_IN_BATCH', details: { index: 1 } });
  });
});

describe('bindDependantsBulk', () => {
  it('binds guardians to dependants and refuses a bad relation or self-binding', async () => {
    const [a, b, c] = await registerPeopleBulk({ db: database.db, keyring, clock: systemClock }, people(3, 95_000));
    await bindDependantsBulk(database.db, [{ guardianId: a!, dependantId: b!, relation: 'child' }, { guardianId: a!, dependantId: c!, relation: 'parent' }]);
    const links = await database.db.selectFrom('guardianships').select(['dependantId', 'relation']).where('guardianId', '=', a!).orderBy('relation').execute();
    expect(links).toEqual([{ dependantId: b, relation: 'child' }, { dependantId: c, relation: 'parent' }]);
    await expect(bindDependantsBulk(database.db, [{ guardianId: b!, dependantId: c!, relation: 'cousin' as never }])).rejects.toMatchObject({ code: 'PERSON_RELATION_INVALID' });
    await expect(bindDependantsBulk(database.db, [{ guardianId: b!, dependantId: b!, relation: 'other' }])).rejects.toMatchObject({ code: 'DEPENDANT_SELF' });
  });
});
