/**
 * The demo city's past epidemic (疫情态势 history), pure: about sixty days of cases in a wave that
 * rises for a month and falls slowly, centred on one district and spreading to the others by their
 * size; mostly confirmed and asymptomatic, some suspected and excluded. Each case has its own
 * synthetic person (adults only: the demo's guardianships bind every minor and elderly resident
 * to a household). The seeder turns the result into person and case rows.
 */
import type { CaseSource, Classification } from '../../tracing/model/case.ts';
import { districtWeight, homeRegionOf, type DemoDistrict } from './city.ts';
import { birthDateFor } from './households.ts';
import { demoName, type Sex } from './names.ts';
import type { Random } from './random.ts';

export const WAVE_DAYS = 60;
/** Days before today of the wave's peak, its height (expected new infections that day) and how fast it rises and falls. */
const PEAK_DAYS_AGO = 27;
const PEAK_INFECTIONS = 15;
const RISE_DAYS = 8;
const FALL_DAYS = 12;
/** The district where it started gets this many times its share. */
const EPICENTRE_BOOST = 4;
/** Beside every ten infections: about one suspected case still open and one excluded. */
const SUSPECTED_SHARE = 0.09;
const EXCLUDED_SHARE = 0.07;
const ASYMPTOMATIC_SHARE = 0.28;
const SOURCES: readonly (readonly [CaseSource, number])[] = [['lab', 5], ['fever_clinic', 3], ['screening_call', 1], ['self_report', 1]];
/**
 * ID sequences 901–999 (odd male, even female): the population's sequences count up from 001 per
 * district, birth date and sex, so the two never meet.
 */
const FIRST_SEQUENCE = 901;

export interface HistoricalCase {
  person: { idNumber: string; name: string; sex: Sex; birthDate: string; address: string; homeRegionCode: string };
  classification: Classification;
  source: CaseSource;
  reportedOn: string;
  onsetOn: string | null;
  testedPositiveOn: string | null;
  /** Whole days before today it was reported (0: today). */
  daysAgo: number;
}

const dayBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** Expected new infections `daysAgo` days before today: an asymmetric bell, a slow tail. */
export function expectedInfections(daysAgo: number): number {
  const offset = PEAK_DAYS_AGO - daysAgo; // negative before the peak
  const width = offset < 0 ? RISE_DAYS : FALL_DAYS;
  return PEAK_INFECTIONS * Math.exp(-(offset ** 2) / (2 * width ** 2));
}

/** A count near `mean`: its whole part plus one with the chance of its fraction, ±1 now and then. */
function countNear(random: Random, mean: number): number {
  const base = Math.floor(mean) + (random.chance(mean - Math.floor(mean)) ? 1 : 0);
  const jitter = mean >= 3 && random.chance(0.4) ? (random.chance(0.5) ? 1 : -1) : 0;
  return Math.max(0, base + jitter);
}

export function buildEpidemicWave(options: {
  random: Random;
  districts: readonly DemoDistrict[];
  today: string;
  checkDigit: (first17: string) => string;
}): HistoricalCase[] {
  const { random, districts, today } = options;
  if (districts.length === 0) throw new Error('the demo city has no districts');
  const epicentre = districts.reduce((best, d) => (districtWeight(d.code) > districtWeight(best.code) ? d : best));
  const districtChoices = districts.map((d) => [d, districtWeight(d.code) * (d === epicentre ? EPICENTRE_BOOST : 1)] as const);
  const used = new Map<string, number>();
  const idNumber = (district: string, birthDate: string, sex: Sex) => {
    const key = `${district}${birthDate.replaceAll('-', '')}`;
    const k = used.get(`${key}${sex}`) ?? 0;
    used.set(`${key}${sex}`, k + 1);
    const sequence = FIRST_SEQUENCE + 2 * k + (sex === 'M' ? 0 : 1);
    if (sequence > 999) throw new Error('demo history ID sequence exhausted for one district and day');
    const first17 = `${key}${sequence}`;
    return `${first17}${options.checkDigit(first17)}`;
  };

  const cases: HistoricalCase[] = [];
  for (let daysAgo = WAVE_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const reportedOn = dayBefore(today, daysAgo);
    const infections = countNear(random, expectedInfections(daysAgo));
    const others = countNear(random, infections * (SUSPECTED_SHARE + EXCLUDED_SHARE));
    for (let i = 0; i < infections + others; i++) {
      const classification: Classification = i < infections
        ? (random.chance(ASYMPTOMATIC_SHARE) ? 'asymptomatic' : 'confirmed')
        : (random.chance(SUSPECTED_SHARE / (SUSPECTED_SHARE + EXCLUDED_SHARE)) ? 'suspected' : 'excluded');
      const district = random.weighted(districtChoices);
      const street = district.streets.length > 0 ? random.pick(district.streets) : undefined;
      const sex: Sex = random.chance(0.5) ? 'M' : 'F';
      const birthDate = birthDateFor(random, today, random.int(18, 69));
      const onsetOn = classification === 'asymptomatic' ? null : dayBefore(reportedOn, random.int(0, 4));
      cases.push({
        person: {
          idNumber: idNumber(district.code, birthDate, sex), name: demoName(random, sex), sex, birthDate,
          address: `${street?.name ?? district.name}演示路 ${random.int(1, 300)} 号 ${random.int(1, 20)} 幢 ${random.int(1, 18)}0${random.int(1, 4)}`,
          homeRegionCode: homeRegionOf(district, street),
        },
        classification,
        source: random.weighted(SOURCES),
        reportedOn,
        onsetOn,
        testedPositiveOn: classification === 'confirmed' || classification === 'asymptomatic' ? reportedOn : null,
        daysAgo,
      });
    }
  }
  return cases;
}
