import { describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from '../people/model/id-number.ts';
import { parseUnitPath, unitPaths, wouldCycle } from './model.ts';
import { cellsToInput, checkRosterRow, duplicateRosterRows, mapRosterHeaders, type CheckedRosterRow } from './roster-model.ts';

const TODAY = '2026-11-28';
const id = (first17: string) => first17 + residentIdCheckDigit(first17);
const good = id('33010620150301021');

describe('roster rows', () => {
  it('maps the template\'s headers and common other names, and says which required columns are missing', () => {
    expect(mapRosterHeaders(['姓名*', '身份证号', '手机号码', '班级', '角色']).columns).toEqual(new Map([['name', 0], ['idNumber', 1], ['phone', 2], ['unitPath', 3], ['role', 4]]));
    expect(mapRosterHeaders(['姓名', '部门']).missing).toEqual(['idNumber']);
    expect(mapRosterHeaders(['证件号码']).missing).toEqual(['name']);
  });

  it('checks a row: names, ID numbers with their check digit, phones, unit paths and roles', () => {
    expect(checkRosterRow(2, { name: ' 陈小红 ', idNumber: good.toLowerCase(), unitPath: '一年级 / 一班', role: '学生' }, TODAY)).toEqual({
      value: { row: 2, name: '陈小红', idType: 'resident_id', idNumber: good, phone: null, unitPath: ['一年级', '一班'], role: 'student' },
    });
    const wrong = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const codes = (input: Parameters<typeof checkRosterRow>[1]) => {
      const result = checkRosterRow(3, input, TODAY);
      return 'errors' in result ? result.errors.map((e) => e.code) : [];
    };
    expect(codes({ name: '张三', idNumber: wrong })).toEqual(['id_check_digit']);
    expect(codes({ name: '', phone: '13800000000' })).toEqual(['name_required']);
    expect(codes({ name: '张3', phone: '13800000000' })).toEqual(['name_invalid']);
    expect(codes({ name: '张三' })).toEqual(['identity_required']);
    expect(codes({ name: '张三', phone: '12345' })).toEqual(['phone_invalid']);
    expect(codes({ name: '张三', phone: '13800000000', role: '校长' })).toEqual(['role_unknown']);
    expect(codes({ name: '张三', idType: '驾驶证', idNumber: good })).toEqual(['id_type_unknown']);
    expect(codes({ name: '张三', phone: '13800000000', unitPath: `${'长'.repeat(61)}/一班` })).toEqual(['unit_path_invalid']);
    expect(codes({ name: '张三', phone: '13800000000', role: '老师' })).toEqual([]);
  });

  it('reads an ID number Excel stored as a number as its digits', () => {
    expect(cellsToInput(new Map<'idNumber' | 'name', string | number>([['idNumber', 13800001111], ['name', '张三']]))).toEqual({ idNumber: '13800001111', name: '张三' });
  });

  it('reports later rows repeating a number or a phone, naming the first row', () => {
    const row = (r: number, idNumber: string | null, phone: string | null): CheckedRosterRow => ({ row: r, name: '甲', idType: idNumber ? 'resident_id' : null, idNumber, phone, unitPath: [], role: 'member' });
    const errors = duplicateRosterRows([row(2, good, '13800000001'), row(3, null, '13800000001'), row(4, good, null), row(5, null, '13800000002')]);
    expect(errors.map((e) => [e.row, e.code, e.zh])).toEqual([[3, 'duplicate_phone_in_file', '手机号与第 2 行重复'], [4, 'duplicate_id_in_file', '证件号码与第 2 行重复']]);
  });
});

describe('unit trees', () => {
  const units = [{ id: 'a', parentId: null, name: '一年级' }, { id: 'b', parentId: 'a', name: '一班' }, { id: 'c', parentId: 'b', name: '小组' }, { id: 'd', parentId: null, name: '教务处' }];
  it('names each unit by its path and refuses moves under itself or below', () => {
    expect(unitPaths(units)).toEqual(new Map([['a', '一年级'], ['b', '一年级/一班'], ['c', '一年级/一班/小组'], ['d', '教务处']]));
    expect(wouldCycle(units, 'a', 'c')).toBe(true);
    expect(wouldCycle(units, 'a', 'a')).toBe(true);
    expect(wouldCycle(units, 'b', 'd')).toBe(false);
    expect(wouldCycle(units, 'b', null)).toBe(false);
  });
  it('parses unit paths with the separators people type', () => {
    expect(parseUnitPath('一年级／一班')).toEqual(['一年级', '一班']);
    expect(parseUnitPath(' 研发部 > 后端组 ')).toEqual(['研发部', '后端组']);
    expect(parseUnitPath('')).toEqual([]);
  });
});
