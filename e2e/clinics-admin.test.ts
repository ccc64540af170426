/**
 * 发热门诊管理 in a real browser, in the demo city: the demo official opens the page from the
 * 发热门诊 menu and sees the demo hospital's clinic with its bound desk account (demo-clinic). The
 * server's refusals show in Chinese — binding an account without clinic_staff, opening a second
 * clinic at the same hospital — then the official unbinds and binds demo-clinic again and opens a
 * clinic at another hospital of the city (a venue of kind hospital added for the test). Needs
 * `npm run build:web` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hospitalVenue } from '../src/analytics/clinics/testing.ts';
import { DEMO_PASSWORD } from '../src/demo/model/staff.ts';
import { DEMO_CLINIC_STAFF } from '../src/demo/seed-clinics.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { systemClock } from '../src/kernel/time.ts';
import { expectPagesClean, failedStatus } from './support/browser.ts';
import { consolePage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const SECOND_HOSPITAL = '演示市第二人民医院（测试）';

let web: WebTestbed;
let demoClinic: { name: string; number: string };

beforeAll(async () => {
  web = await startWebTestbed();
  await seedDemoCity({ db: web.t.database.db, keyring: web.t.platform.keyring, clock: systemClock, log: () => undefined }, { residents: 300, venues: 20 });
  const clinic = await web.t.database.db.selectFrom('feverClinics as c').innerJoin('venues as v', 'v.id', 'c.venueId')
    .select(['v.name', 'v.number', 'v.regionCode']).executeTakeFirstOrThrow();
  demoClinic = { name: clinic.name, number: clinic.number };
  await hospitalVenue(web.t, SECOND_HOSPITAL, clinic.regionCode);
});

afterAll(() => web?.close());

describe('fever clinic management (发热门诊管理)', () => {
  it('the demo official sees the demo clinic and its desk account, binds and unbinds staff and opens a clinic', async () => {
    const watched = await consolePage(web, 'demo-official', DEMO_PASSWORD);
    const { page } = watched;
    await page.getByTestId('menu-group-clinics').locator('.el-sub-menu__title').click();
    await page.getByRole('menuitem', { name: '发热门诊管理' }).click();
    await page.getByTestId('clinics-admin').waitFor();

    const list = page.getByTestId('clinics-admin-list');
    await list.getByText(demoClinic.name).waitFor();
    await page.getByTestId(`clinics-admin-staff-${demoClinic.number}`).click();
    const staff = page.getByTestId('clinics-admin-staff');
    const rows = staff.getByTestId('clinics-admin-staff-rows');
    await rows.getByText(DEMO_CLINIC_STAFF, { exact: true }).waitFor();
    expect(await rows.innerText()).toContain('演示·发热门诊登记员');
    await watched.screenshot('clinics-admin');

    // An official is no clinic staff: the server's reason, in Chinese.
    await staff.getByTestId('clinics-admin-username').fill('demo-official');
    await watched.expectConsoleErrors([failedStatus(400)], async () => {
      await staff.getByTestId('clinics-admin-bind').click();
      await staff.getByTestId('clinics-admin-staff-error').getByText('该账号没有本地区的“发热门诊工作人员”角色').waitFor();
    });

    // Unbind (confirmed) and bind again by username.
    await rows.getByTestId(`clinics-admin-unbind-${DEMO_CLINIC_STAFF}`).click();
    await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click();
    await staff.getByText('已解绑 演示·发热门诊登记员').waitFor();
    await expect.poll(() => rows.getByText(DEMO_CLINIC_STAFF, { exact: true }).count()).toBe(0);
    await staff.getByTestId('clinics-admin-username').fill(DEMO_CLINIC_STAFF);
    await staff.getByTestId('clinics-admin-bind').click();
    await staff.getByText('已绑定 演示·发热门诊登记员').waitFor();
    await rows.getByText(DEMO_CLINIC_STAFF, { exact: true }).waitFor();

    // The demo hospital already runs a clinic: the server says so.
    const hospital = page.getByTestId('clinics-admin-hospital');
    async function chooseHospital(name: string): Promise<void> {
      await hospital.click();
      await hospital.locator('input').fill(name);
      await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
    }
    await chooseHospital(demoClinic.name);
    await watched.expectConsoleErrors([failedStatus(409)], async () => {
      await page.getByTestId('clinics-admin-open').click();
      await page.getByTestId('clinics-admin-error').getByText('该医院已开设发热门诊').waitFor();
    });

    // Another hospital of the city: opened, listed, its (empty) desk shown.
    await chooseHospital(SECOND_HOSPITAL);
    await page.getByTestId('clinics-admin-open').click();
    await page.getByTestId('clinics-admin-done').getByText(`已在 ${SECOND_HOSPITAL} 开设发热门诊`).waitFor();
    await list.getByText(SECOND_HOSPITAL).waitFor();
    await staff.getByText('尚未绑定登记人员').waitFor();
    expect(await web.t.database.db.selectFrom('feverClinics').select('venueId').execute()).toHaveLength(2);
    expectPagesClean(web.pages);
  });
});
