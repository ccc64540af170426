import { describe, expect, it } from 'vitest';
import { duplicateRows, IMPORT_COLUMNS, mapHeaders, parseImportRow, type CellValue } from './import-model.ts';
import type { VenueInput } from './model.ts';

const cells = (values: Partial<Record<keyof VenueInput, CellValue>>) => new Map(Object.entries(values) as [keyof VenueInput, CellValue][]);

describe('import headers', () => {
  it('finds columns by Chinese header (asterisks, spaces and bracket widths ignored) or field name', () => {
    const { columns, missing } = mapHeaders(['场所名称*', ' 场所类型 ', 'address', '所属区划代码＊', '默认停留时长(分钟)', '备注']);
    expect([...columns.entries()]).toEqual([['name', 0], ['kind', 1], ['address', 2], ['regionCode', 3], ['defaultStayMinutes', 4]]);
    expect(missing).toEqual([]);
    expect(mapHeaders(['场所名称']).missing.map((c) => c.header)).toEqual(['场所类型', '详细地址', '所属区划代码']);
  });

  it('lists every column the template has, required ones first', () => {
    expect(IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.field)).toEqual(['name', 'kind', 'address', 'regionCode']);
  });
});

describe('import rows', () => {
  it('reads Chinese choice words and numbers given as numbers or text', () => {
    const row = parseImportRow(2, cells({
      name: '晨光超市', kind: '超市', address: '文三路 1 号', regionCode: 330106004, latitude: '30.27', longitude: 120.15, checkinMode: '扫码即登记', codeMode: '每日动态码',
    }));
    expect(row).toEqual({
      fields: {
        name: '晨光超市', kind: 'shop', address: '文三路 1 号', regionCode: '330106004', latitude: 30.27, longitude: 120.15, geofenceRadiusM: 200,
        openingHours: null, defaultStayMinutes: 30, checkinMode: 'auto', codeMode: 'daily',
      },
    });
  });

  it('reports each problem once, in column order, with Chinese and English messages', () => {
    const row = parseImportRow(7, cells({ kind: '赌场', address: '路', regionCode: '33', geofenceRadiusM: '大', checkinMode: '随便' }));
    expect('errors' in row && row.errors.map((e) => `${e.row}|${e.column}|${e.code}`)).toEqual([
      '7|场所名称|required', '7|场所类型|unknown_choice', '7|详细地址|length', '7|所属区划代码|region_format', '7|电子围栏半径（米）|not_a_number', '7|登记方式|unknown_choice',
    ]);
    expect('errors' in row && row.errors[1]).toMatchObject({ zh: expect.stringContaining('小区、商超'), en: expect.stringContaining('Must be one of') });
  });

  it('points a repeated venue at its first row', () => {
    const fields = { name: '甲', regionCode: '330106', kind: 'shop' } as never;
    expect(duplicateRows([{ row: 2, fields }, { row: 3, fields: { ...(fields as object), name: '乙' } as never }, { row: 9, fields }]).map((e) => `${e.row}:${e.zh}`))
      .toEqual(['9:与第 2 行的场所同名且同区划']);
  });
});
