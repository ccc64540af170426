/**
 * Seeds the demo companies' return to work (复工复产): each company's resumption application with
 * its history of moves by demo-hr (the companies' administrator) and demo-official (a health
 * official of the city, so of every district), and the return-to-work declarations of the approved
 * companies' employees with HR's decisions (model/resumption.ts). Written by the resumption
 * capability's bulk store functions, since they are history (moves days ago); the contact's name
 * and phone are sealed as the service seals them. Employees have no accounts yet, so demo-hr is
 * recorded as the one who entered their declarations.
 */
import { randomUUID } from 'node:crypto';
import { findStaffAccountByUsername } from '../accounts/service.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { encryptField, type Keyring } from '../kernel/crypto/field-encryption.ts';
import { maskName, maskPhone } from '../kernel/masking.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import type { NewOrganisation } from '../orgs/model.ts';
import { insertApplicationsBulk, insertReturnsBulk, type ApplicationRow, type EventRow, type ReturnRow } from '../orgs/resumption/store.ts';
import type { DemoResident } from './model/households.ts';
import type { DemoMember } from './model/org-people.ts';
import { DEMO_SEED, seededRandom } from './model/random.ts';
import { buildApplications, buildReturnsToWork, type DemoApplication } from './model/resumption.ts';

const DEMO_HR = 'demo-hr';
const DEMO_OFFICIAL = 'demo-official';

export interface DemoResumptionSummary { applications: number; returnsToWork: number }

function applicationRow(keyring: Keyring, app: DemoApplication, ids: { id: string; organisationId: string; regionCode: string; hr: string; official: string }, contact: DemoResident): ApplicationRow {
  const last = (moves: readonly string[]) => app.events.filter((e) => moves.includes(e.toStatus)).at(-1);
  const submitted = last(['submitted', 'resubmitted']);
  const decided = last(['approved', 'returned']);
  return {
    id: ids.id, organisationId: ids.organisationId, regionCode: ids.regionCode, status: app.status,
    headcount: app.headcount, returningCount: app.returningCount, measures: app.measures, masks: app.masks, disinfectantLitres: app.disinfectantLitres,
    contactNameEnc: encryptField(keyring, contact.name), contactNameMasked: maskName(contact.name),
    contactPhoneEnc: encryptField(keyring, contact.phone!), contactPhoneMasked: maskPhone(contact.phone!),
    createdByAccountId: ids.hr, createdAt: app.createdAt, updatedAt: app.events.at(-1)!.at,
    submittedAt: submitted?.at ?? null, decidedAt: decided?.at ?? null, decidedByAccountId: decided ? ids.official : null, decisionComment: decided?.comment ?? null,
  };
}

export async function seedDemoResumption(
  deps: { db: DbOrTrx; keyring: Keyring; clock: Clock },
  input: { organisations: readonly NewOrganisation[]; organisationIds: readonly string[]; members: readonly DemoMember[]; residents: readonly DemoResident[]; personIds: readonly string[] },
): Promise<DemoResumptionSummary> {
  const hr = await findStaffAccountByUsername(deps.db, DEMO_HR);
  const official = await findStaffAccountByUsername(deps.db, DEMO_OFFICIAL);
  if (!hr || !official) return { applications: 0, returnsToWork: 0 };
  const now = deps.clock.now();
  const random = seededRandom(DEMO_SEED + 13);
  const companies = input.organisations.flatMap((o, organisation) => (o.kind === 'company'
    ? [{ organisation, members: input.members.filter((m) => m.organisation === organisation).map((m) => m.resident) }] : []));
  const applications = buildApplications({ random, companies, residents: input.residents, now });
  const rows: ApplicationRow[] = [];
  const events: Omit<EventRow, 'id'>[] = [];
  for (const app of applications) {
    const id = randomUUID();
    const organisation = input.organisations[app.organisation]!;
    rows.push(applicationRow(deps.keyring, app, { id, organisationId: input.organisationIds[app.organisation]!, regionCode: organisation.regionCode, hr: hr.accountId, official: official.accountId }, input.residents[app.contact]!));
    for (const e of app.events) {
      const by = e.actor === 'hr' ? hr : official;
      events.push({ applicationId: id, at: e.at, actorAccountId: by.accountId, actorLabel: by.username, fromStatus: e.fromStatus, toStatus: e.toStatus, comment: e.comment });
    }
  }
  await insertApplicationsBulk(deps.db, rows, events);

  const approved = new Set(applications.filter((a) => a.status === 'approved').map((a) => a.organisation));
  const declarations = buildReturnsToWork({ random, companies: companies.filter((c) => approved.has(c.organisation)), residents: input.residents, now, today: shanghaiDay(now) });
  const returnRows: ReturnRow[] = declarations.map((d) => ({
    id: randomUUID(), organisationId: input.organisationIds[d.organisation]!, personId: input.personIds[d.resident]!, declaredByAccountId: hr.accountId,
    declaredAt: d.declaredAt, originRegionCode: d.originRegionCode, quarantine: d.quarantine, plannedOn: d.plannedOn, status: d.status,
    approvedOn: d.approvedOn, hrComment: d.hrComment, decidedByAccountId: d.decidedAt ? hr.accountId : null, decidedAt: d.decidedAt,
  }));
  await insertReturnsBulk(deps.db, returnRows);
  return { applications: rows.length, returnsToWork: returnRows.length };
}
