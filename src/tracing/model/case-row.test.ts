import { describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from '../../people/model/id-number.ts';
import { caseChanges, caseRowMessage, checkCaseRow, duplicateCaseRows, type CaseRowInput, type CheckedCaseRow } from './case-row.ts';
import { mapImportHeaders } from './import-columns.ts';
import { dayOf, instantOf, yesNoOf } from './row-values.ts';

const at = { today: '2026-03-10', now: new Date('2026-03-10T04:00:00Z') }; // 12:00 in Beijing
const id = (first17: string) => first17 + residentIdCheckDigit(first17);
const good = id('33010619850101021');
const row = (extra: CaseRowInput = {}): CaseRowInput => ({ idNumber: good, name: '王小明', classification: '确诊病例', onsetOn: '2026-03-08', reportedOn: '2026-03-10', source: '实验室检测', ...extra });
const codes = (input: CaseRowInput) => {
  const result = checkCaseRow(input, at);
  return 'problems' in result ? result.problems.map((p) => `${p.field}:${p.code}`) : [];
};

describe('a case row', () => {
  it('reads Chinese names and codes, days in the usual spellings and Beijing times', () => {
    const result = checkCaseRow(row({ idNumber: good.toLowerCase(), onsetOn: '2026/3/8', onsetApproximate: '是', isolatedAt: '2026-03-10 09:30', notes: ' 入院 ' }), at);
    expect(result).toEqual({
      value: {
        person: { idType: 'resident_id', idNumber: good, name: '王小明', phone: null, homeRegionCode: null },
        fields: {
          classification: 'confirmed', onsetOn: '2026-03-08', onsetApproximate: true, testedPositiveOn: null, reportedOn: '2026-03-10',
          isolatedAt: new Date('2026-03-10T01:30:00Z'), source: 'lab', issuingRegionCode: null, notes: '入院',
        },
        externalRef: null,
      },
    });
    expect(checkCaseRow(row({ classification: 'asymptomatic', source: 'other_region', issuingRegionCode: '110105', externalRef: 'BJ-001' }), at))
      .toMatchObject({ value: { fields: { classification: 'asymptomatic', source: 'other_region', issuingRegionCode: '110105' }, externalRef: 'BJ-001' } });
  });

  it('reports every problem of the values with its field: check digit, name, classification, source, dates, yes/no', () => {
    const wrong = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    expect(codes(row({ idNumber: wrong, name: '', classification: '重症', source: '', onsetOn: '3月8日', onsetApproximate: '也许' }))).toEqual([
      'idNumber:id_check_digit', 'name:name_required', 'classification:classification_unknown', 'onsetOn:date_invalid', 'onsetApproximate:yes_no_invalid', 'source:source_required',
    ]);
    expect(codes(row({ idType: '驾驶证' }))).toEqual(['idType:id_type_unknown']);
    expect(codes(row({ idNumber: undefined, reportedOn: undefined, phone: '12345' }))).toEqual(['idNumber:id_number_required', 'phone:phone_invalid', 'reportedOn:date_required']);
    expect(codes(row({ reportedOn: '2026-02-30' }))).toEqual(['reportedOn:date_invalid']);
  });

  it('applies the registry\'s rules: no future dates, onset not after the report, the issuing region with its source, notes ≤ 500, isolation', () => {
    expect(codes(row({ reportedOn: '2026-03-11' }))).toEqual(['reportedOn:date_in_future']);
    expect(codes(row({ onsetOn: '2026-03-10', reportedOn: '2026-03-09' }))).toEqual(['onsetOn:date_after_report']);
    expect(codes(row({ source: '外地推送' }))).toEqual(['issuingRegionCode:issuing_region_required']);
    expect(codes(row({ issuingRegionCode: '110105' }))).toEqual(['issuingRegionCode:issuing_region_unexpected']);
    expect(codes(row({ issuingRegionCode: '1101' , source: '外地推送' }))).toEqual(['issuingRegionCode:issuing_region_unknown']);
    expect(codes(row({ externalRef: 'BJ-1' }))).toEqual(['externalRef:external_ref_needs_region']);
    expect(codes(row({ notes: '字'.repeat(501) }))).toEqual(['notes:notes_too_long']);
    expect(codes(row({ notes: '字'.repeat(500) }))).toEqual([]);
    expect(codes(row({ isolatedAt: '2026-03-10 12:30' }))).toEqual(['isolatedAt:isolation_invalid']);
    expect(codes(row({ isolatedAt: '2026-03-01 08:00' }))).toEqual(['isolatedAt:isolation_invalid']);
    expect(codes(row({ isolatedAt: '2026-03-09T23:00:00Z' }))).toEqual([]);
  });

  it('finds a person or an imported case named twice, pointing at the first', () => {
    const checked = (idNumber: string, ref: string | null): CheckedCaseRow => ({
      person: { idType: 'resident_id', idNumber, name: '甲', phone: null, homeRegionCode: null }, externalRef: ref,
      fields: { classification: 'confirmed', onsetOn: null, onsetApproximate: false, testedPositiveOn: null, reportedOn: '2026-03-10', isolatedAt: null, source: 'other_region', issuingRegionCode: '110105', notes: null },
    });
    const other = id('33010619850101039');
    const third = id('33010619850101047');
    expect(duplicateCaseRows([
      { position: 2, checked: checked(good, 'A') }, { position: 3, checked: checked(good, 'B') }, { position: 4, checked: checked(other, 'A') }, { position: 5, checked: checked(third, 'C') },
    ])).toEqual([
      { position: 3, problem: { field: 'idNumber', code: 'duplicate_person', detail: '2' } },
      { position: 4, problem: { field: 'externalRef', code: 'duplicate_external_ref', detail: '2' } },
    ]);
    expect(caseRowMessage('duplicate_person', '2').zh).toBe('与第 2 行是同一个人');
    expect(caseRowMessage('duplicate_person', '2', 'item').en).toBe('The same person as item 2');
  });

  it('tells a classification change from a window change', () => {
    const current = { classification: 'suspected' as const, onsetOn: '2026-03-08', onsetApproximate: false, testedPositiveOn: null, isolatedAt: new Date('2026-03-09T01:00:00Z') };
    const next = { ...current, reportedOn: '2026-03-10', source: 'other_region' as const, issuingRegionCode: '110105', notes: null };
    expect(caseChanges(current, next)).toEqual({ classification: false, window: false });
    expect(caseChanges(current, { ...next, isolatedAt: new Date('2026-03-09T01:00:00Z'), notes: '变了' })).toEqual({ classification: false, window: false });
    expect(caseChanges(current, { ...next, classification: 'confirmed' })).toEqual({ classification: true, window: false });
    expect(caseChanges(current, { ...next, onsetApproximate: true })).toEqual({ classification: false, window: true });
  });
});

describe('row values and sheet headers', () => {
  it('reads Excel serial dates, Beijing wall-clock and zoned times, and 是/否', () => {
    expect(dayOf(46090)).toBe('2026-03-09');
    expect(dayOf('2026年3月9日')).toBe('2026-03-09');
    expect(dayOf('2026-13-01')).toBe('invalid');
    expect(dayOf(new Date('2026-03-09T17:00:00Z'))).toBe('2026-03-10');
    expect(instantOf(46090.5)).toEqual(new Date('2026-03-09T04:00:00Z'));
    expect(instantOf('2026-03-09 12:00')).toEqual(new Date('2026-03-09T04:00:00Z'));
    expect(instantOf('2026-03-09T12:00:00+08:00')).toEqual(new Date('2026-03-09T04:00:00Z'));
    expect(instantOf('2026-03-09 25:00')).toBe('invalid');
    expect([yesNoOf('是'), yesNoOf(undefined), yesNoOf('否'), yesNoOf(true), yesNoOf('maybe')]).toEqual([true, false, false, true, 'invalid']);
  });

  it('maps the template\'s headers (starred or not) and other names, and lists the required columns missing', () => {
    const { columns, missing } = mapImportHeaders(['证件号码*', '姓名*', '身份证号', '病例分类', '报告日期', '来源', '外地编号']);
    expect(columns).toEqual(new Map([['idNumber', 0], ['name', 1], ['classification', 3], ['reportedOn', 4], ['source', 5], ['externalRef', 6]]));
    expect(missing).toEqual([]);
    expect(mapImportHeaders(['姓名', '证件号码']).missing).toEqual(['classification', 'reportedOn', 'source']);
  });
});
