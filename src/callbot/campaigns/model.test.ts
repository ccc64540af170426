import { describe, expect, it } from 'vitest';
import { checkCampaignInput, checkImportRow, mapHeader, missingVariables, type CampaignInput } from './model.ts';
import { boundaryOf, multipartFile } from './multipart.ts';

const now = new Date('2026-12-01T02:00:00Z');
const input: CampaignInput = {
  name: ' 返乡摸排 ', regionCode: '330106', scriptId: 'x', channel: 'simulated', windows: [{ start: '09:00', end: '12:00' }],
  attemptsPerDay: 3, retryIntervalMinutes: 30, endsOn: '2026-12-01', variables: { community: ' 文新社区 ', empty: ' ' },
};

describe('checkCampaignInput', () => {
  it('trims the name and variables and drops blank ones', () => {
    const checked = checkCampaignInput(input, now);
    expect(checked.ok && checked.value.name).toBe('返乡摸排');
    expect(checked.ok && checked.value.variables).toEqual({ community: '文新社区' });
  });

  it.each([
    [{ name: '' }, 'CALLBOT_CAMPAIGN_NAME_INVALID'],
    [{ windows: [] }, 'CALLBOT_WINDOWS_INVALID'],
    [{ attemptsPerDay: 0 }, 'CALLBOT_ATTEMPTS_INVALID'],
    [{ attemptsPerDay: 11 }, 'CALLBOT_ATTEMPTS_INVALID'],
    [{ retryIntervalMinutes: 4 }, 'CALLBOT_RETRY_INTERVAL_INVALID'],
    [{ retryIntervalMinutes: 1441 }, 'CALLBOT_RETRY_INTERVAL_INVALID'],
    [{ endsOn: '2026-11-30' }, 'CALLBOT_ENDS_ON_INVALID'],
    [{ endsOn: '2026-13-01' }, 'CALLBOT_ENDS_ON_INVALID'],
    [{ channel: 'fax' }, 'CALLBOT_CHANNEL_INVALID'],
  ])('%j → %s', (change, code) => {
    const checked = checkCampaignInput({ ...input, ...change } as CampaignInput, now);
    expect(checked.ok ? null : checked.code).toBe(code);
  });

  it('lists the script variables neither the callee nor the campaign gives', () => {
    expect(missingVariables(['name', 'community', 'date'], { community: 'x' })).toEqual(['date']);
  });
});

describe('import rows', () => {
  it('maps Chinese and English headers', () => {
    expect(mapHeader(['序号', '姓名', '手机号码', '住址', '标签', '社区'])).toEqual({ name: 1, phone: 2, address: 3, tags: 4, community: 5 });
    expect(mapHeader(['Name', 'Phone', 'Tags'])).toEqual({ name: 0, phone: 1, tags: 2 });
    expect(mapHeader(['姓名', '地址'])).toBeUndefined();
  });

  const columns = { name: 0, phone: 1, address: 2, tags: 3, community: 4 };
  it('checks each row', () => {
    expect(checkImportRow(['张三', '+86 138-1234-5678', '文三路 8 号', '老人, 独居', '330106'], columns)).toEqual({
      ok: true, row: { name: '张三', phone: '13812345678', address: '文三路 8 号', tags: ['老人', '独居'], community: '330106' },
    });
    expect(checkImportRow(['', '13812345678'], columns)).toEqual({ ok: false, code: 'CALLBOT_NAME_REQUIRED' });
    expect(checkImportRow(['张三', '1381234'], columns)).toEqual({ ok: false, code: 'CALLBOT_PHONE_INVALID' });
    expect(checkImportRow(['张三', ''], columns)).toEqual({ ok: false, code: 'CALLBOT_PHONE_REQUIRED' });
    expect(checkImportRow(['张三', '13812345678', '', '', '33a'], columns)).toEqual({ ok: false, code: 'CALLBOT_REGION_INVALID' });
  });
});

describe('multipart upload', () => {
  it('finds the file part', () => {
    const boundary = '----x123';
    const body = Buffer.from([
      `--${boundary}`, 'Content-Disposition: form-data; name="note"', '', 'hello',
      `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="名单.csv"', 'Content-Type: text/csv', '', '姓名,电话\r\n张三,13812345678',
      `--${boundary}--`, '',
    ].join('\r\n'));
    expect(boundaryOf(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
    const file = multipartFile(body, boundary);
    expect(file?.filename).toBe('名单.csv');
    expect(file?.bytes.toString()).toBe('姓名,电话\r\n张三,13812345678');
  });
});
