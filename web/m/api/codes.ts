/**
 * Health-code endpoints the resident app calls (src/codes/*), plus the two people and region
 * look-ups its pages need (who may I act for, the GB/T 2260 picker). Shapes mirror the server's
 * zod schemas; the types the server keeps in pure modules are imported from there.
 */
import { request } from '../../common/request.ts';

// The server's own pure modules: one definition of colours, reasons and code lists.
import { COLOURS, type Colour, type ColourReason, type LocalizedText as Bilingual } from '../../../src/codes/colours/model.ts';
import { CONTACTS, SYMPTOMS, type CaseContact, type Symptom } from '../../../src/codes/declarations/code-lists.ts';

export { COLOURS, CONTACTS, SYMPTOMS };
export type { Bilingual, CaseContact, Colour, ColourReason, Symptom };

export interface ResidentCode {
  personId: string;
  colour: Colour;
  since: string;
  until: string | null;
  reasons: ColourReason[];
  nextReviewAt: string | null;
  evaluatedAt: string;
  ruleSetRef: string;
  nameMasked: string;
  /** FY1:… for the QR; null while the home city cannot sign (not onboarded). */
  token: string | null;
  tokenExpiresAt: string | null;
}

export interface DeclarationInput {
  personId: string;
  regionCode: string;
  address: string;
  phone?: string | null;
  temperature: number;
  symptoms: Symptom[];
  stayedRegionCodes: string[];
  contact: CaseContact;
  pledge: boolean;
}

/** GET /api/codes/me — 404 CODE_NOT_DECLARED before the first declaration. */
export function fetchResidentCode(personId: string): Promise<ResidentCode> {
  return request.get<ResidentCode>('/api/codes/me', { personId });
}

/** POST /api/codes/declarations — errors carry details.field naming the offending field. */
export function submitDeclaration(input: DeclarationInput): Promise<{ declaration: { id: string }; code: unknown }> {
  return request.post('/api/codes/declarations', input);
}

/** One appeal as its resident sees it (src/codes/appeals/routes.ts): never which official owns it. */
export interface Appeal {
  id: string;
  personId: string;
  status: 'open' | 'answered';
  message: string;
  filedAt: string;
  deadline: string;
  overdue: boolean;
  /** 'assigned' once an official has taken it. */
  owner: 'assigned' | null;
  answer: string | null;
  outcome: 'upheld' | 'corrected' | null;
  answeredAt: string | null;
}

/** POST /api/codes/appeals (纠错): 5–1000 characters; at most 3 open per person (APPEAL_LIMIT). */
export function fileAppeal(personId: string, message: string): Promise<Appeal> {
  return request.post('/api/codes/appeals', { personId, message });
}

export function fetchMyAppeals(personId: string): Promise<{ items: Appeal[] }> {
  return request.get('/api/codes/appeals/mine', { personId });
}

/** Someone the signed-in resident may declare for: themself or a dependant (masked names only on screen). */
export interface ActingPerson {
  personId: string;
  nameMasked: string;
  /** null for oneself; otherwise what the dependant is to the resident. */
  relation: string | null;
  homeRegionCode: string;
  homeRegionName: string;
}

interface PersonRecord { id: string; nameMasked: string; homeRegionCode: string; homeRegionName: string }
interface DependantRecord extends PersonRecord { relation: string }

export async function fetchActingPeople(): Promise<ActingPerson[]> {
  const [self, dependants] = await Promise.all([
    request.get<PersonRecord>('/api/people/me'),
    request.get<{ items: DependantRecord[] }>('/api/people/me/dependants'),
  ]);
  return [
    { personId: self.id, nameMasked: self.nameMasked, relation: null, homeRegionCode: self.homeRegionCode, homeRegionName: self.homeRegionName },
    ...dependants.items.map((d) => ({
      personId: d.id, nameMasked: d.nameMasked, relation: d.relation, homeRegionCode: d.homeRegionCode, homeRegionName: d.homeRegionName,
    })),
  ];
}

/** A region chosen in the picker: its code and the full name shown back to the resident. */
export interface PickedRegion { code: string; fullName: string }

export interface RegionOption { code: string; name: string; fullName: string; level: number }

/** GET /api/regions?parent= — children of one division; provinces when parent is omitted. */
export async function fetchChildRegions(parent?: string): Promise<RegionOption[]> {
  const items: RegionOption[] = [];
  let after: string | undefined;
  // Paged by code; a province has at most a few dozen cities, so this loops once or twice.
  for (let page = 0; page < 10; page++) {
    const result = await request.get<{ items: RegionOption[]; nextAfter: string | null }>('/api/regions', { parent, after, limit: 500 });
    items.push(...result.items);
    if (!result.nextAfter) break;
    after = result.nextAfter;
  }
  return items;
}

export function fetchRegion(code: string): Promise<RegionOption> {
  return request.get<RegionOption>(`/api/regions/${encodeURIComponent(code)}`);
}
