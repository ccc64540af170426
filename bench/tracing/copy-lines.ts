/**
 * The synthetic city as COPY text lines: persons (sealed with the bench's keyring exactly as the
 * people capability seals them, after its own checks), households, guardianships and check-ins.
 * Lines come in blocks of a few thousand so the COPY stream is fed without one string per row.
 */
import { randomUUID } from 'node:crypto';
import { pickColour } from '../../src/checkins/synthetic-model.ts';
import { birthDateFor } from '../../src/demo/model/households.ts';
import { demoName } from '../../src/demo/model/names.ts';
import type { Random } from '../../src/demo/model/random.ts';
import type { Keyring } from '../../src/kernel/crypto/field-encryption.ts';
import { checkNewPerson } from '../../src/people/model/person.ts';
import { residentIdCheckDigit } from '../../src/people/service.ts';
import { sealPerson } from '../../src/people/sealing.ts';
import type { CityLayout, Population } from './city-model.ts';
import type { DayRows } from './day-model.ts';

const BLOCK = 2000;

/** COPY's text format: \N for null, backslash escapes for the few characters that need them. */
function field(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return typeof value === 'number' ? String(value) : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const line = (values: readonly (string | number | boolean | null)[]) => `${values.map(field).join('\t')}\n`;

export const PERSON_COLUMNS = ['id', 'id_type', 'id_number_enc', 'id_number_hash', 'id_number_masked', 'name_enc', 'name_masked', 'sex', 'birth_date',
  'phone_enc', 'phone_hash', 'phone_masked', 'address_enc', 'home_region_code', 'synthetic'] as const;

/** GB 11643 numbers: district, birth date, a sequence whose parity is the sex, the check character; unique per district and birth date. */
function residentIds() {
  const used = new Map<string, number>();
  return (district: string, birthDate: string, sex: 'M' | 'F'): string => {
    const key = `${district}${birthDate.replaceAll('-', '')}`;
    const k = used.get(key + sex) ?? 0;
    used.set(key + sex, k + 1);
    const sequence = sex === 'M' ? 2 * k + 1 : 2 * k + 2;
    if (sequence > 999) throw new Error('synthetic ID sequence exhausted for one district and day');
    const first17 = `${key}${String(sequence).padStart(3, '0')}`;
    return `${first17}${residentIdCheckDigit(first17)}`;
  };
}

/**
 * Persons in population order. Phones stay empty: there is no fictitious number range for a
 * million people, and tracing never reads one. Fills `ids` and `masked` (index = person).
 */
export function* personLines(random: Random, p: Population, layout: CityLayout, keyring: Keyring, today: string, ids: string[], masked: string[]): Generator<string> {
  const idNumber = residentIds();
  let block = '';
  for (let i = 0; i < p.count; i++) {
    const street = layout.streetOf[p.neighbourhood[i]!]!;
    const sex = p.sex[i] === 0 ? 'M' : 'F';
    const birthDate = birthDateFor(random, today, p.age[i]!);
    const checked = checkNewPerson({
      idType: 'resident_id', idNumber: idNumber(street.code.slice(0, 6), birthDate, sex), name: demoName(random, sex),
      address: `${street.name}合成路 ${p.compound[i]! + 1} 号 ${random.int(1, 20)} 幢 ${random.int(1, 18)}0${random.int(1, 4)}`,
      homeRegionCode: street.code, synthetic: true,
    }, today);
    if (!checked.ok) throw new Error(`synthetic person ${i} is invalid: ${checked.code} (${checked.field})`);
    const s = sealPerson(keyring, randomUUID(), checked.value);
    ids.push(s.id);
    masked.push(s.nameMasked);
    block += line([s.id, s.idType, s.idNumberEnc, s.idNumberHash, s.idNumberMasked, s.nameEnc, s.nameMasked, s.sex, s.birthDate,
      s.phoneEnc, s.phoneHash, s.phoneMasked, s.addressEnc, s.homeRegionCode, s.synthetic]);
    if ((i + 1) % BLOCK === 0) { yield block; block = ''; }
  }
  if (block) yield block;
}

export function* householdLines(p: Population, ids: readonly string[]): Generator<string> {
  const householdIds = Array.from({ length: p.households }, () => randomUUID());
  let block = '';
  for (let i = 0; i < p.count; i++) {
    block += `${ids[i]}\t${householdIds[p.household[i]!]}\n`;
    if ((i + 1) % BLOCK === 0) { yield block; block = ''; }
  }
  if (block) yield block;
}

export function* guardianshipLines(p: Population, ids: readonly string[]): Generator<string> {
  let block = '';
  for (let g = 0; g < p.guardianshipCount; g++) {
    const [guardian, dependant, relation] = p.guardianships.subarray(g * 3, g * 3 + 3);
    block += `${ids[guardian!]}\t${ids[dependant!]}\t${relation === 0 ? 'child' : 'parent'}\n`;
    if ((g + 1) % BLOCK === 0) { yield block; block = ''; }
  }
  if (block) yield block;
}

export const CHECKIN_COLUMNS = ['id', 'person_id', 'venue_id', 'region_code', 'venue_name', 'name_masked', 'checked_in_at', 'leave_at', 'left_explicitly',
  'colour', 'method', 'retention_days'] as const;

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
/** 'HH:MM:SS' for every second of a day: timestamps are assembled from strings, not Date objects (50 million rows). */
const CLOCK = Array.from({ length: 86_400 }, (_, s) => `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`);

export interface CheckinContext {
  day: string;
  nextDay: string;
  firstId: number;
  personIds: readonly string[];
  nameMasked: readonly string[];
  venueIds: readonly string[];
  layout: CityLayout;
  retentionDays: number;
  /** Rows per venue, counted as lines are made (for the daily volumes). */
  perVenue: Int32Array;
  onBlock(rows: number): void;
}

/** The day's rows in check-in time order with ascending ids, as the write path would have stored them. */
export function* checkinLines(random: Random, rows: DayRows, order: Uint32Array, c: CheckinContext): Generator<string> {
  const v = c.layout.venues;
  const stamp = (sec: number) => (sec < 86_400 ? `${c.day} ${CLOCK[sec]}+08` : `${c.nextDay} ${CLOCK[sec - 86_400]}+08`);
  let block = '';
  for (let k = 0; k < order.length; k++) {
    const r = order[k]!;
    const venue = rows.venue[r]!;
    const person = rows.person[r]!;
    c.perVenue[venue]!++;
    const colour = pickColour(random.next());
    block += `${c.firstId + k}\t${c.personIds[person]}\t${c.venueIds[venue]}\t${v.regionCode[venue]}\t${v.name[venue]}\t${c.nameMasked[person]}\t`
      + `${stamp(rows.inSec[r]!)}\t${stamp(rows.outSec[r]!)}\t${rows.explicit[r] ? 't' : 'f'}\t${colour ?? '\\N'}\tscan\t${c.retentionDays}\n`;
    if ((k + 1) % BLOCK === 0) { yield block; block = ''; c.onBlock(BLOCK); }
  }
  if (block) { yield block; c.onBlock(order.length % BLOCK); }
}
