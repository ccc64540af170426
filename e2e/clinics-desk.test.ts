/**
 * 预检登记 and 发热门诊日报 in a real browser, in the demo city. The demo desk account (demo-clinic)
 * opens its desk from the 发热门诊 menu: a wrong check digit is refused in Chinese; a new ID number
 * asks for the person's name and home region; the patient (38.6 ℃, fever and cough, transferred,
 * nucleic acid and antigen) is listed; a positive result registers a confirmed case (checked in
 * the database). An earlier day is picked to find yesterday's patient and enter the result that
 * came back today; a day after today cannot be picked. The desk's report page shows its clinic's
 * figures of the day — the seeded patients plus what was registered here. The demo official, who
 * reads the city's report, sees the same figures and downloads the Excel (file name and the
 * clinic's row and totals read back with exceljs). Then, bound to a second clinic, the desk picks
 * the clinic and its report lists both; an official granted two regions picks the region. Needs
 * `npm run build:web` first.
 */
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { openClinicsBulk } from '../src/analytics/clinics/service.ts';
import { hospitalVenue } from '../src/analytics/clinics/testing.ts';
import { registerVisit } from '../src/analytics/clinics/visits.ts';
import { DEMO_PASSWORD } from '../src/demo/model/staff.ts';
import { DEMO_CLINIC_STAFF } from '../src/demo/seed-clinics.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { demoStaffActor } from '../src/demo/seed-travel.ts';
import { shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { findPersonsByIdentities } from '../src/people/service.ts';
import { residentId, withWrongCheckDigit } from '../test/support/http-users.ts';
import { expectPagesClean, failedStatus } from './support/browser.ts';
import { consolePage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const DAY_MS = 86_400_000;
const SECOND_HOSPITAL = '演示市第三人民医院（测试）';
const MEASURES = ['patients', 'fever', 'suspected', 'positive', 'transferred'] as const;
type Counts = Record<(typeof MEASURES)[number], number>;

let web: WebTestbed;
let clinic: { venueId: string; name: string; number: string; regionCode: string };
let today: string;
let yesterday: string;
let yesterdaysVisit: { id: string; personId: string };
let before: Counts;

/** A valid resident ID number (check digit and all) that no person of the demo city holds. */
async function unusedIdNumber(): Promise<string> {
  for (let sequence = 511; ; sequence += 2) {
    const idNumber = residentId('330106', '19491001', String(sequence));
    const found = await findPersonsByIdentities({ db: web.t.database.db, keyring: web.t.platform.keyring }, [{ idType: 'resident_id', idNumber }]);
    if (found.size === 0) return idNumber;
  }
}

/** The clinic's figures of `day` as the API counts them (the desk's own report). */
async function reportOf(page: Page, venueId: string, day: string): Promise<Counts> {
  const res = await page.request.get(`${web.origin}/api/clinics/${venueId}/report?day=${day}`);
  expect(res.status()).toBe(200);
  const body = await res.json() as Counts;
  return Object.fromEntries(MEASURES.map((m) => [m, body[m]])) as Counts;
}

/** One row of the report table, by the clinic's name: its measures in column order. */
async function reportRow(page: Page, name: string): Promise<number[]> {
  const row = page.getByTestId('clinics-report-rows').locator('tbody tr', { hasText: name });
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  return cells.slice(2).map((c) => Number(c.trim()));
}

/** The <input> of an Element Plus input by its test id (on the input itself, or on its wrapper). */
function inputOf(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/** Types a day into an Element Plus date picker (found by its label) and confirms it with Enter. */
async function typeDay(page: Page, label: string, day: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

beforeAll(async () => {
  web = await startWebTestbed();
  await seedDemoCity({ db: web.t.database.db, keyring: web.t.platform.keyring, clock: systemClock, log: () => undefined }, { residents: 300, venues: 20 });
  clinic = await web.t.database.db.selectFrom('feverClinics as c').innerJoin('venues as v', 'v.id', 'c.venueId')
    .select(['c.venueId', 'v.name', 'v.number', 'v.regionCode']).executeTakeFirstOrThrow();
  const now = new Date();
  today = shanghaiDay(now);
  yesterday = shanghaiDay(new Date(now.getTime() - DAY_MS));
  // Yesterday's patient, whose nucleic-acid result comes back today (a visit registered a day ago, as the desk did then).
  const desk = (await demoStaffActor(web.t.database.db, DEMO_CLINIC_STAFF))!;
  const idNumber = residentId('330106', '19520303', '517');
  const visit = await registerVisit(web.t.platform, desk, clinic.venueId, {
    person: { idType: 'resident_id', idNumber, name: '昨日来诊', homeRegionCode: clinic.regionCode }, visitedAt: new Date(now.getTime() - DAY_MS),
    temperature: 37.9, symptoms: ['fever', 'sore_throat'], onsetOn: null, epi: { travel: false, contact: true, cluster: false, note: null },
    triage: 'home', suspected: false, testOrdered: 'nucleic_acid',
  });
  yesterdaysVisit = { id: visit.id, personId: visit.personId };
});

afterAll(() => web?.close());

describe('the fever clinic desk (预检登记)', () => {
  it('registers a patient, enters a positive result that registers a case, and finds yesterday\'s patient by day', async () => {
    const watched = await consolePage(web, DEMO_CLINIC_STAFF, DEMO_PASSWORD);
    const { page } = watched;
    before = await reportOf(page, clinic.venueId, today);
    await page.getByTestId('menu-group-clinics').locator('.el-sub-menu__title').click();
    await page.getByRole('menuitem', { name: '预检登记' }).click();
    await page.getByTestId('clinics-desk').waitFor();
    await page.getByText(`就诊登记 · ${clinic.name}`).waitFor();
    expect(await page.getByTestId('clinics-desk-clinic').count()).toBe(0); // one clinic: no picker
    expect(await page.getByTestId('clinics-desk-list-title').textContent()).toBe('今日就诊');
    expect(await page.getByLabel('就诊日期', { exact: true }).inputValue()).toBe(today);

    // The patient's answers: 38.6 ℃ (the fever tag shows), fever and cough since yesterday, transferred, both tests.
    const temperature = inputOf(page, 'clinics-desk-temperature');
    await temperature.fill('38.6');
    await temperature.blur();
    await page.locator('.el-form-item', { has: temperature }).getByText('发热', { exact: true }).waitFor();
    const symptoms = page.getByTestId('clinics-desk-symptoms');
    await symptoms.getByText('发热', { exact: true }).click();
    await symptoms.getByText('咳嗽', { exact: true }).click();
    await typeDay(page, '发病日期', yesterday);
    await page.locator('.el-form-item', { has: symptoms }).click(); // close the calendar
    await page.getByTestId('clinics-desk-triage').getByText('转诊', { exact: true }).click();
    await page.getByTestId('clinics-desk-test').getByText('核酸+抗原', { exact: true }).click();

    // A wrong check digit: the server's reason, in Chinese, and nothing registered.
    const idNumber = await unusedIdNumber();
    const visitsBefore = (await web.t.database.db.selectFrom('feverClinicVisits').select('id').execute()).length;
    await inputOf(page, 'clinics-desk-id').fill(withWrongCheckDigit(idNumber));
    await watched.expectConsoleErrors([failedStatus(400)], async () => {
      await page.getByTestId('clinics-desk-submit').click();
      await page.getByTestId('clinics-desk-error').getByText('身份证号码校验位不正确，请核对').waitFor();
    });
    expect(await web.t.database.db.selectFrom('feverClinicVisits').select('id').execute()).toHaveLength(visitsBefore);

    // A valid number not registered yet: the desk asks for the new person's name and home region.
    await inputOf(page, 'clinics-desk-id').fill(idNumber);
    await watched.expectConsoleErrors([failedStatus(400)], async () => {
      await page.getByTestId('clinics-desk-submit').click();
      await page.getByTestId('clinics-desk-error').getByText('该证件号码尚未登记，请填写姓名和现住地区以新建人员档案').waitFor();
    });
    await inputOf(page, 'clinics-desk-name').fill('测试发热');
    await inputOf(page, 'clinics-desk-home-region').fill(clinic.regionCode);
    await page.getByTestId('clinics-desk-submit').click();
    await page.getByTestId('clinics-desk-done').getByText(/^已登记 测\*+热$/).waitFor();

    const person = (await findPersonsByIdentities({ db: web.t.database.db, keyring: web.t.platform.keyring }, [{ idType: 'resident_id', idNumber }])).get(`resident_id:${idNumber}`)!;
    expect(person).toBeDefined();
    const stored = await web.t.database.db.selectFrom('feverClinicVisits').selectAll().where('personId', '=', person.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ venueId: clinic.venueId, visitDay: today, symptoms: ['fever', 'cough'], onsetOn: yesterday, triage: 'transfer', suspected: false, testOrdered: 'both', result: 'pending', caseId: null });
    expect(Number(stored.temperature)).toBe(38.6);

    // The patient in today's list: 38.6 ℃ (fever), result pending.
    const visits = page.getByTestId('clinics-desk-visits');
    const row = visits.locator('tbody tr', { has: page.getByTestId(`clinics-desk-visit-${stored.id}`) });
    await row.waitFor();
    expect(await row.innerText()).toContain(person.nameMasked);
    expect(await row.innerText()).toContain('38.6℃');
    expect(await row.innerText()).toContain('发热、咳嗽');
    expect(await row.innerText()).toContain('转诊');

    // A positive result: the page says a case was registered, and the case is in the registry.
    await page.getByTestId(`clinics-desk-positive-${stored.id}`).click();
    await page.getByTestId('clinics-desk-done').getByText(`已录入阳性结果，${person.nameMasked} 已登记为确诊病例`).waitFor();
    await row.getByText('阳性', { exact: true }).waitFor();
    await row.getByText('已登记', { exact: true }).waitFor();
    const cases = await web.t.database.db.selectFrom('cases').select(['id', 'classification', 'source', 'testedPositiveOn', 'onsetOn']).where('personId', '=', person.id).execute();
    expect(cases).toEqual([{ id: expect.any(String), classification: 'confirmed', source: 'fever_clinic', testedPositiveOn: today, onsetOn: yesterday }]);
    expect((await web.t.database.db.selectFrom('feverClinicVisits').select('caseId').where('id', '=', stored.id).executeTakeFirstOrThrow()).caseId).toBe(cases[0]!.id);
    await watched.screenshot('clinics-desk');

    // A day after today cannot be picked: the list stays today's.
    await typeDay(page, '就诊日期', shanghaiDay(new Date(Date.now() + DAY_MS)));
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('clinics-desk-list-title').textContent()).toBe('今日就诊');

    // Yesterday's list: yesterday's patient (not today's), whose result came back today.
    await typeDay(page, '就诊日期', yesterday);
    await expect.poll(() => page.getByTestId('clinics-desk-list-title').textContent()).toBe(`${yesterday} 就诊`);
    const earlier = visits.locator('tbody tr', { has: page.getByTestId(`clinics-desk-visit-${yesterdaysVisit.id}`) });
    await earlier.waitFor();
    expect(await visits.getByTestId(`clinics-desk-visit-${stored.id}`).count()).toBe(0);
    await page.getByTestId(`clinics-desk-positive-${yesterdaysVisit.id}`).click();
    await page.getByTestId('clinics-desk-done').getByText(/^已录入阳性结果，.+ 已登记为确诊病例$/).waitFor();
    await earlier.getByText('阳性', { exact: true }).waitFor();
    expect(await page.getByTestId('clinics-desk-list-title').textContent()).toBe(`${yesterday} 就诊`); // still the day picked
    const yesterdays = await web.t.database.db.selectFrom('feverClinicVisits').select(['result', 'caseId', 'visitDay']).where('id', '=', yesterdaysVisit.id).executeTakeFirstOrThrow();
    expect(yesterdays).toMatchObject({ result: 'positive', caseId: expect.any(String), visitDay: yesterday });
    expect(await web.t.database.db.selectFrom('cases').select('classification').where('personId', '=', yesterdaysVisit.personId).execute()).toEqual([{ classification: 'confirmed' }]);
    await watched.screenshot('clinics-desk-yesterday');
  });

  it('shows the day\'s figures on the report page: the desk its clinic\'s line, the official the city\'s, downloaded as Excel', async () => {
    // Registered above today: one patient with fever, transferred, not suspected; two positive results entered today (today's and yesterday's patient).
    const expected: Counts = { patients: before.patients + 1, fever: before.fever + 1, suspected: before.suspected, positive: before.positive + 2, transferred: before.transferred + 1 };
    const figures = MEASURES.map((m) => expected[m]);

    const desk = await consolePage(web, DEMO_CLINIC_STAFF, DEMO_PASSWORD);
    await desk.page.getByTestId('menu-group-clinics').locator('.el-sub-menu__title').click();
    await desk.page.getByRole('menuitem', { name: '发热门诊日报' }).click();
    await desk.page.getByTestId('clinics-report').waitFor();
    await expect.poll(() => reportRow(desk.page, clinic.name)).toEqual(figures);
    expect(await reportOf(desk.page, clinic.venueId, today)).toEqual(expected);
    expect(await desk.page.getByTestId('clinics-report-export').count()).toBe(0); // the export is the health commission's
    expect(await desk.page.getByTestId('clinics-report-region').count()).toBe(0);
    await desk.screenshot('clinics-report-desk');

    const watched = await consolePage(web, 'demo-official', DEMO_PASSWORD);
    const { page } = watched;
    await page.getByTestId('menu-group-clinics').locator('.el-sub-menu__title').click();
    await page.getByRole('menuitem', { name: '发热门诊日报' }).click();
    await page.getByTestId('clinics-report').waitFor();
    const grant = (await demoStaffActor(web.t.database.db, 'demo-official'))!.roles.find((r) => r.role === 'health_official')!;
    expect(await page.getByTestId('clinics-report-region').count()).toBe(0); // one region: no picker
    const totals = page.locator('.clinics-report__totals');
    await totals.getByText(`发热门诊日报 ${today}`).waitFor();
    await expect.poll(() => reportRow(page, clinic.name)).toEqual(figures);
    const totalCells = (await totals.locator('td.el-descriptions__content').allInnerTexts()).map((c) => Number(c.trim()));
    expect(totalCells).toEqual([1, ...figures]); // the demo city runs one clinic
    await watched.screenshot('clinics-report');

    await page.getByTestId('clinics-report-export').click();
    const link = page.getByTestId('clinics-report-download');
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`fever-clinics-${grant.regionCode}-${today}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await readFile((await download.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('发热门诊日报')!;
    expect(sheet).toBeDefined();
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(String(rows[0]![0])).toContain(`发热门诊日报 ${today}`);
    expect(rows[1]).toEqual(['医院', '场所编号', '所在地区', '就诊人数', '发热(≥37.3℃)', '疑似', '阳性(当日报告)', '转诊']);
    expect(rows.slice(2).map((r) => [r[0], r[1], ...r.slice(3)])).toEqual([
      [clinic.name, clinic.number, ...figures],
      ['合计', '1 家', ...figures],
    ]);
  });

  it('lets a desk bound to two clinics pick the clinic, and an official granted two regions pick the region', async () => {
    // A second hospital in another district of the city, its clinic's desk also demo-clinic.
    const district = clinic.regionCode.slice(0, 6);
    const other = await web.t.database.db.selectFrom('regions').select('code').where('parentCode', 'like', '3301%').where('code', 'not like', `${district}%`)
      .where('level', '=', 4).orderBy('code').limit(1).executeTakeFirstOrThrow();
    const secondVenue = await hospitalVenue(web.t, SECOND_HOSPITAL, other.code);
    const deskAccount = (await demoStaffActor(web.t.database.db, DEMO_CLINIC_STAFF))!;
    await openClinicsBulk(web.t.database.db, [{ venueId: secondVenue, regionCode: other.code, staffAccountIds: [deskAccount.accountId] }], new Date());

    const desk = await consolePage(web, DEMO_CLINIC_STAFF, DEMO_PASSWORD);
    await desk.page.goto(`${web.origin}/admin/clinics/desk`);
    const picker = desk.page.getByTestId('clinics-desk-clinic');
    await picker.waitFor();
    const choose = async (name: string) => {
      await picker.click();
      await desk.page.getByRole('option', { name, exact: true }).click();
      await desk.page.getByText(`就诊登记 · ${name}`).waitFor();
    };
    await choose(SECOND_HOSPITAL);
    await desk.page.getByTestId('clinics-desk-visits').getByText('今日暂无就诊').waitFor();
    await choose(clinic.name);
    await expect.poll(() => desk.page.getByTestId('clinics-desk-visits').locator('tbody tr').count()).toBeGreaterThan(0); // the first clinic's patients of today

    await desk.page.goto(`${web.origin}/admin/clinics/report`);
    await expect.poll(() => reportRow(desk.page, SECOND_HOSPITAL)).toEqual([0, 0, 0, 0, 0]);
    expect((await reportRow(desk.page, clinic.name))[0]).toBeGreaterThan(0);

    // An official of the city and of the second hospital's district: the region picker, the district's report its one clinic.
    await createStaffAccount(web.t.platform, { system: 'test' }, {
      username: 'e2e-two-regions', displayName: '测试·两地官员', password: DEMO_PASSWORD,
      roles: [{ role: 'health_official', regionCode: '330100' }, { role: 'health_official', regionCode: other.code.slice(0, 6) }],
    });
    const official = await consolePage(web, 'e2e-two-regions', DEMO_PASSWORD);
    await official.page.goto(`${web.origin}/admin/clinics/report`);
    const region = official.page.getByTestId('clinics-report-region');
    await region.waitFor();
    await reportRow(official.page, clinic.name);
    await reportRow(official.page, SECOND_HOSPITAL);
    const districtName = (await web.t.database.db.selectFrom('regions').select('fullName').where('code', '=', other.code.slice(0, 6)).executeTakeFirstOrThrow()).fullName;
    await region.click();
    await official.page.getByRole('option', { name: districtName, exact: true }).click();
    await official.page.locator('.clinics-report__totals').getByText(`${districtName} 发热门诊日报 ${today}`).waitFor();
    await expect.poll(() => official.page.getByTestId('clinics-report-rows').locator('tbody tr').count()).toBe(1);
    await reportRow(official.page, SECOND_HOSPITAL);
  });

  it('left no console errors and asked no other origin', () => {
    expectPagesClean(web.pages);
  });
});
