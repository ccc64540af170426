import { describe, expect, it } from 'vitest';
import { reportRegions } from './report-regions.ts';

describe('reportRegions', () => {
  it('keeps each health_official grant\'s region once, in grant order', () => {
    expect(reportRegions([
      { role: 'clinic_staff', regionCode: '330106', regionName: '西湖区' },
      { role: 'health_official', regionCode: '330100', regionName: '浙江省杭州市' },
      { role: 'auditor', regionCode: '330200', regionName: '浙江省宁波市' },
      { role: 'health_official', regionCode: '330200', regionName: '浙江省宁波市' },
      { role: 'health_official', regionCode: '330100', regionName: '浙江省杭州市' },
    ])).toEqual([{ regionCode: '330100', regionName: '浙江省杭州市' }, { regionCode: '330200', regionName: '浙江省宁波市' }]);
  });

  it('is empty for an account without health_official (a clinic desk)', () => {
    expect(reportRegions([{ role: 'clinic_staff', regionCode: '330106', regionName: '西湖区' }])).toEqual([]);
  });
});
