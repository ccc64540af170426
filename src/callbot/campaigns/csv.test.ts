import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and LF', () => {
    expect(parseCsv('姓名,电话,地址\r\n张三,13812345678,"西湖区, 文三路 ""8"" 号"\n李四,"139 1234 5678","一行\n两行"\n')).toEqual([
      ['姓名', '电话', '地址'],
      ['张三', '13812345678', '西湖区, 文三路 "8" 号'],
      ['李四', '139 1234 5678', '一行\n两行'],
    ]);
  });

  it('keeps empty fields and a last line without a line break', () => {
    expect(parseCsv('a,,c\n,,')).toEqual([['a', '', 'c'], ['', '', '']]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });
});

describe('decodeCsvBytes', () => {
  it('drops the UTF-8 byte-order mark', () => {
    expect(decodeCsvBytes(Buffer.from('\ufeff姓名,电话', 'utf8'))).toBe('姓名,电话');
  });

  it('decodes GB18030 (Excel in China) when the bytes are not UTF-8', () => {
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0]); // 姓名,电话
    expect(decodeCsvBytes(gbk)).toBe('姓名,电话');
  });
});
