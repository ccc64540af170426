import { describe, expect, it } from 'vitest';
import { findHospitals } from './hospital-venues.ts';

const venue = (n: number, kind: string) => ({ id: `v${n}`, name: `场所${n}`, number: String(n).padStart(4, '0'), regionName: '西湖区', kind });

/** Pages of `size` over the venues, keyed by the last number, as GET /api/venues answers. */
function pager(venues: ReturnType<typeof venue>[], size: number) {
  const asked: (string | undefined)[] = [];
  const fetchPage = async (after: string | undefined) => {
    asked.push(after);
    const start = after ? venues.findIndex((v) => v.number === after) + 1 : 0;
    const items = venues.slice(start, start + size);
    return { items, next: items.length === size ? items.at(-1)!.number : null };
  };
  return { asked, fetchPage };
}

describe('findHospitals', () => {
  it('keeps only hospitals and marks those already running a clinic', async () => {
    const { fetchPage } = pager([venue(1, 'shop'), venue(2, 'hospital'), venue(3, 'school'), venue(4, 'hospital')], 10);
    const found = await findHospitals(fetchPage, new Set(['v4']));
    expect(found.map((h) => [h.id, h.hasClinic])).toEqual([['v2', false], ['v4', true]]);
  });

  it('reads further pages while too few hospitals were found, following the cursor', async () => {
    const venues = [venue(1, 'shop'), venue(2, 'shop'), venue(3, 'shop'), venue(4, 'hospital'), venue(5, 'shop'), venue(6, 'hospital')];
    const { asked, fetchPage } = pager(venues, 2);
    const found = await findHospitals(fetchPage, new Set(), { want: 2 });
    expect(found.map((h) => h.id)).toEqual(['v4', 'v6']);
    expect(asked).toEqual([undefined, '0002', '0004']);
  });

  it('stops at the page limit, at the last page and once enough are found', async () => {
    const many = Array.from({ length: 30 }, (_, i) => venue(i + 1, i % 10 === 9 ? 'hospital' : 'shop'));
    const limited = pager(many, 5);
    expect(await findHospitals(limited.fetchPage, new Set(), { maxPages: 2 })).toEqual([expect.objectContaining({ id: 'v10' })]);
    expect(limited.asked).toHaveLength(2);
    const all = pager(many, 5);
    expect((await findHospitals(all.fetchPage, new Set(), { maxPages: 10 })).map((h) => h.id)).toEqual(['v10', 'v20', 'v30']);
    expect(all.asked).toHaveLength(7); // the sixth page is full, so the server offers a seventh (empty)
    const enough = pager([venue(1, 'hospital'), venue(2, 'hospital'), venue(3, 'hospital')], 3);
    expect(await findHospitals(enough.fetchPage, new Set(), { want: 2 })).toHaveLength(2);
    expect(enough.asked).toHaveLength(1);
  });
});
