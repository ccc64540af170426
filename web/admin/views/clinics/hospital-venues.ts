/**
 * The hospitals an official may open a fever clinic at: venues of their area (GET /api/venues
 * scope=region, which has no kind filter) of kind hospital, read page by page until enough are
 * found or the pages run out, so a search never comes back empty just because its first page
 * held shops. Venues already running a clinic stay in the list (marked): the server answers
 * CLINIC_EXISTS for them, in the page's language.
 */
import type { KeysetPage } from '../../composables/use-keyset-list.ts';

export interface HospitalCandidate { id: string; name: string; number: string; regionName: string; hasClinic: boolean }

interface VenueLike { id: string; name: string; number: string; regionName: string; kind: string }

/** Reads pages (cursor `after`) until `want` hospitals are found, the pages end, or `maxPages` pages were read. */
export async function findHospitals(
  fetchPage: (after: string | undefined) => Promise<KeysetPage<VenueLike>>,
  clinicVenueIds: ReadonlySet<string>,
  options: { want?: number; maxPages?: number } = {},
): Promise<HospitalCandidate[]> {
  const want = options.want ?? 20;
  const maxPages = options.maxPages ?? 5;
  const found: HospitalCandidate[] = [];
  let after: string | undefined;
  for (let pageNo = 0; pageNo < maxPages && found.length < want; pageNo++) {
    const page = await fetchPage(after);
    for (const v of page.items) {
      if (v.kind === 'hospital' && found.length < want) found.push({ id: v.id, name: v.name, number: v.number, regionName: v.regionName, hasClinic: clinicVenueIds.has(v.id) });
    }
    if (!page.next) break;
    after = page.next;
  }
  return found;
}
