/**
 * Synthetic residents in households: who lives together, how old they are, their (valid-format,
 * fictitious) ID numbers, phones and addresses, and who is guardian of whom. Pure: the seeder
 * turns the result into rows.
 */
import { districtWeight, homeRegionOf, type DemoDistrict } from './city.ts';
import { demoName, type Sex } from './names.ts';
import type { Random } from './random.ts';

export interface DemoResident {
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: string;
  /** Whole years on the seeding day. */
  age: number;
  phone: string | undefined;
  address: string;
  homeRegionCode: string;
  household: number;
  role: HouseholdRole;
}

/** Indexes into the resident list; relation = what the dependant is to the guardian (people capability's convention). */
export interface DemoGuardianship {
  guardian: number;
  dependant: number;
  relation: 'child' | 'parent';
}

export interface DemoPopulation {
  residents: DemoResident[];
  guardianships: DemoGuardianship[];
  households: number;
}

/**
 * China has no officially reserved "fictional" mobile range (like Ofcom's drama numbers or the
 * US 555-01xx), so the demo uses one block, 1700000xxxx: the 170 prefix belongs to virtual
 * operators, a run of zeros is easy to recognise and purge, and the demo's SMS gateway only writes
 * to its outbox, so nothing is ever sent to whoever might hold such a number.
 */
export const DEMO_PHONE_PREFIX = '1700000';
const DEMO_PHONE_BLOCK = 10_000;
export const FIRST_DEMO_PHONE = `${DEMO_PHONE_PREFIX}0001`;

export const ADULT_AGE = 18;
export const ELDERLY_AGE = 70;

export function needsGuardian(age: number): boolean {
  return age < ADULT_AGE || age >= ELDERLY_AGE;
}

export function canBeGuardian(age: number): boolean {
  return !needsGuardian(age);
}

const HOUSEHOLD_SIZES = [[1, 15], [2, 28], [3, 30], [4, 17], [5, 10]] as const;

export type HouseholdRole = 'head' | 'spouse' | 'child' | 'parent';

interface Member { sex: Sex; age: number; role: HouseholdRole }

/** Who lives in one household: a head of working age, maybe a spouse, children and elderly parents. */
function composeHousehold(random: Random, size: number): Member[] {
  const headSex: Sex = random.chance(0.5) ? 'M' : 'F';
  const head: Member = { sex: headSex, age: size === 1 ? random.int(20, 69) : random.int(24, 64), role: 'head' };
  const members: Member[] = [head];
  if (size >= 2 && random.chance(0.85)) {
    members.push({ sex: headSex === 'M' ? 'F' : 'M', age: Math.max(20, Math.min(69, head.age + random.int(-5, 5))), role: 'spouse' });
  }
  let parents = 0;
  while (members.length < size) {
    if (parents < 2 && random.chance(0.3)) {
      // The second parent is the other sex: a mother and a father, not two of either.
      const firstParent = members.find((m) => m.role === 'parent');
      const sex: Sex = firstParent ? (firstParent.sex === 'M' ? 'F' : 'M') : random.chance(0.5) ? 'M' : 'F';
      parents++;
      members.push({ sex, age: Math.min(99, head.age + random.int(22, 34)), role: 'parent' });
    } else {
      members.push({ sex: random.chance(0.5) ? 'M' : 'F', age: Math.max(0, head.age - random.int(22, 38)), role: 'child' });
    }
  }
  return members;
}

/** A birth date `age` whole years before `today` (YYYY-MM-DD), 1–364 days past that birthday. */
export function birthDateFor(random: Random, today: string, age: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const birthday = Date.UTC(y - age, m - 1, d);
  return new Date(birthday - random.int(1, 364) * 86_400_000).toISOString().slice(0, 10);
}

/** Whole years from birthDate to today (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/**
 * GB 11643 shape: issuing district, birth date, a 3-digit sequence whose parity gives the sex
 * (odd = male), then the check character. Sequences count up per district and birth date so no
 * two residents share a number.
 */
function residentIdFactory(checkDigit: (first17: string) => string) {
  const used = new Map<string, number>();
  return (districtCode: string, birthDate: string, sex: Sex): string => {
    const key = `${districtCode}${birthDate.replaceAll('-', '')}${sex}`;
    const k = used.get(key) ?? 0;
    used.set(key, k + 1);
    const sequence = sex === 'M' ? 2 * k + 1 : 2 * k + 2;
    if (sequence > 999) throw new Error('demo ID sequence exhausted for one district and day');
    const first17 = `${key.slice(0, 14)}${String(sequence).padStart(3, '0')}`;
    return `${first17}${checkDigit(first17)}`;
  };
}

export function buildPopulation(options: {
  random: Random;
  districts: readonly DemoDistrict[];
  residents: number;
  today: string;
  checkDigit: (first17: string) => string;
}): DemoPopulation {
  const { random, districts, today } = options;
  if (districts.length === 0) throw new Error('the demo city has no districts');
  const districtChoices = districts.map((d) => [d, districtWeight(d.code)] as const);
  const residentId = residentIdFactory(options.checkDigit);
  const residents: DemoResident[] = [];
  const guardianships: DemoGuardianship[] = [];
  let phones = 0;
  let household = 0;
  while (residents.length < options.residents) {
    const size = Math.min(random.weighted(HOUSEHOLD_SIZES), options.residents - residents.length);
    const district = random.weighted(districtChoices);
    const street = district.streets.length > 0 ? random.pick(district.streets) : undefined;
    const address = `${street?.name ?? district.name}演示路 ${random.int(1, 300)} 号 ${random.int(1, 20)} 幢 ${random.int(1, 18)}0${random.int(1, 4)}`;
    const first = residents.length;
    for (const member of composeHousehold(random, size)) {
      const birthDate = birthDateFor(random, today, member.age);
      const hasPhone = member.age >= ADULT_AGE && phones < DEMO_PHONE_BLOCK - 1;
      residents.push({
        idNumber: residentId(district.code, birthDate, member.sex),
        name: demoName(random, member.sex),
        sex: member.sex,
        birthDate,
        age: member.age,
        phone: hasPhone ? `${DEMO_PHONE_PREFIX}${String(++phones).padStart(4, '0')}` : undefined,
        address,
        homeRegionCode: homeRegionOf(district, street),
        household,
        role: member.role,
      });
    }
    guardianships.push(...householdGuardianships(residents, first));
    household++;
  }
  return { residents, guardianships, households: household };
}

/**
 * Each child under 18 gets the head and the spouse (when of age) as guardians; each person 70+
 * (the head's parents) gets the head. Head and spouse are always 20–69, so a guardian is an adult.
 */
function householdGuardianships(residents: readonly DemoResident[], first: number): DemoGuardianship[] {
  const links: DemoGuardianship[] = [];
  const members = residents.slice(first).map((r, k) => ({ r, i: first + k }));
  const head = members.find((m) => m.r.role === 'head')!;
  const spouse = members.find((m) => m.r.role === 'spouse' && canBeGuardian(m.r.age));
  for (const { r, i } of members) {
    if (!needsGuardian(r.age)) continue;
    if (r.role === 'child') {
      for (const g of spouse ? [head, spouse] : [head]) links.push({ guardian: g.i, dependant: i, relation: 'child' });
    } else if (r.role === 'parent') {
      links.push({ guardian: head.i, dependant: i, relation: 'parent' });
    }
  }
  return links;
}
