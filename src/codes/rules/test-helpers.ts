/** Builders for the rules engine's unit tests (not a test file itself). */
import type { Declaration, PersonFacts } from './model.ts';

export function facts(partial: Partial<PersonFacts> = {}): PersonFacts {
  return { personId: 'p1', homeRegionCode: '330106', declarations: [], dailyCheckins: [], cases: [], contacts: [], manualDecisions: [], falseDeclarations: [], travel: [], monitoring: [], screenings: [], ...partial };
}

export function declaration(partial: Partial<Declaration> = {}): Declaration {
  return { declaredAt: new Date('2020-02-10T10:00:00+08:00'), temperature: 36.5, symptoms: ['none'], stayedRegionCodes: ['330106'], contact: 'none', ...partial };
}

/** Shanghai days from `first` on, `count` of them, all normal unless listed in `abnormal`. */
export function checkins(first: string, count: number, abnormal: string[] = [], skipped: string[] = []) {
  const out: { day: string; normal: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    if (!skipped.includes(day)) out.push({ day, normal: !abnormal.includes(day) });
  }
  return out;
}

/** An instant in Asia/Shanghai: at('2020-02-25 12:00'). */
export function at(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}
