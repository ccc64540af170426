/**
 * The health-code console in a real browser against the real server and database: an official
 * simulates the bundled 2022 rule set, proposes a red manual decision, cannot approve it herself;
 * a second official approves it and the person's colour events show red (four eyes). The same
 * two steps establish a false declaration picked from a person's declaration history.
 * Needs `npm run build:web` first: the server serves web/dist.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { residentIdCheckDigit } from '../src/people/model/id-number.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { healthyDeclaration, registeredResident, type Resident } from '../src/codes/colours/testing.ts';
import { onboardRegion } from '../src/regions/onboarding.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const PASSWORD = 'Correct-horse-9';
const RULE_SET_2022 = readFileSync(path.resolve('src/codes/rules/sets/hangzhou-2022.json'), 'utf8');

let web: WebTestbed;
let personId: string;
const FIRST17 = '33010219750606031';
/** A resident who stayed in 西湖区 330106: green under the 2020 rules; yellow under 2022's once 330106 is a medium-risk area. */
let travellerId: string;
const APPEAL_TEXT = '我没有去过中风险地区，申报时选错了地区，请核实。';
/** A resident whose declaration an official establishes as false. */
let declarant: Resident;
const FALSE_DECLARATION_REASON = '行程卡显示申报前 3 天到过外省，申报未如实填写';

/** A desktop-sized console page (officials work at desks), signed in as `username`. */
const signedInOfficial = (username: string) => consolePage(web, username, PASSWORD);

beforeAll(async () => {
  web = await startWebTestbed();
  await onboardRegion(web.t.platform, { system: 'test' }, '330100');
  for (const [username, displayName] of [['hz-official-a', '王卫健'], ['hz-official-b', '周审批']] as const) {
    await createStaffAccount(web.t.platform, { system: 'test' }, { username, displayName, password: PASSWORD, roles: [{ role: 'health_official', regionCode: '330100' }] });
  }
  [personId] = await registerPeopleBulk(web.t.platform, [{
    idType: 'resident_id', idNumber: FIRST17 + residentIdCheckDigit(FIRST17), name: '孙建华', phone: '13955550001', homeRegionCode: '330102',
  }]) as [string];
  const traveller = await registeredResident(web.t, '13955550002', '钱思远');
  travellerId = traveller.personId;
  const declared = await traveller.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(travellerId, { stayedRegionCodes: ['330106'] }) });
  if (declared.statusCode !== 201) throw new Error(declared.body);
  const appealed = await traveller.session.request({ method: 'POST', url: '/api/codes/appeals', payload: { personId: travellerId, message: APPEAL_TEXT } });
  if (appealed.statusCode !== 201) throw new Error(appealed.body);
  declarant = await registeredResident(web.t, '13955550003', '李诚');
  const declaredOnce = await declarant.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(declarant.personId) });
  if (declaredOnce.statusCode !== 201) throw new Error(declaredOnce.body);
});

afterAll(() => web?.close());

describe('health-code console', () => {
  it('lists the health-code pages for an official; edits risk areas, simulates, proposes and publishes the bundled 2022 rule set', async () => {
    const watched = await signedInOfficial('hz-official-a');
    const { page, screenshot } = watched;
    const menu = await page.getByRole('menubar').innerText();
    expect(menu).toContain('健康码·规则与风险地区');
    expect(menu).toContain('健康码·人工赋码审批');
    expect(menu).toContain('健康码·申诉处理');
    await page.getByRole('menuitem', { name: '健康码·规则与风险地区' }).click();
    await page.waitForURL(`${web.origin}/admin/codes/rules`);
    expect(await page.getByTestId('working-region').innerText()).toContain('330100');

    // 西湖区 becomes a medium-risk area: the 2020 rules know only high risk, 2022's make it yellow.
    const areas = page.getByTestId('risk-areas');
    await areas.getByRole('button', { name: '添加地区' }).click();
    await areas.getByLabel('地区代码').fill('330106');
    await areas.locator('.el-select').first().click();
    await page.getByRole('option', { name: '中风险' }).click();
    await areas.getByRole('button', { name: '保存风险地区' }).click();
    await areas.getByText(/已保存，[0-9]+ 人待重新评估/).waitFor();
    const saved = await web.t.database.db.selectFrom('codeRiskAreas').select(['regionCode', 'level']).execute();
    expect(saved).toMatchObject([{ regionCode: '330106', level: 'medium' }]);

    await page.getByTestId('ruleset-source').fill(RULE_SET_2022);
    await page.getByRole('button', { name: '模拟' }).click();
    const report = page.getByTestId('simulation-report');
    await report.waitFor();
    const population = await web.t.database.db.selectFrom('persons').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(await page.getByTestId('simulation-total').innerText())).toBe(Number(population.n));
    expect(await page.getByTestId('simulation-changed').innerText()).toBe('1');
    expect(await report.innerText()).toContain('hangzhou-2020'); // the rules in force, beside the proposal
    const byDistrict = await page.getByTestId('simulation-by-district').locator('.el-table__row').allInnerTexts();
    expect(byDistrict.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual(['330102 绿码 → 黄码 1']);
    expect((await page.getByTestId('simulation-by-reason').innerText()).replace(/\s+/g, ' ')).toContain('medium_risk_travel 1');
    await screenshot('console-codes-simulation');

    // A broken rule set: the server's own message, not a crash.
    await page.getByTestId('ruleset-source').fill('{"format": "nonsense"}');
    await watched.expectConsoleErrors([/Failed to load resource.*status of 400/], async () => {
      await page.getByRole('button', { name: '模拟' }).click();
      await page.getByTestId('rules-error').filter({ hasText: '规则集格式有误' }).waitFor();
    });
    expect(await report.count()).toBe(1); // the earlier report stays until a new one replaces it

    // Propose the 2022 set, then publish it behind a confirmation.
    await page.getByTestId('ruleset-source').fill(RULE_SET_2022);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('已提交为第 1 版，待发布').waitFor();
    const version = page.getByTestId('ruleset-versions').locator('.el-table__row').filter({ hasText: 'hangzhou-2022' });
    expect(await version.innerText()).toContain('待发布');
    await version.getByRole('button', { name: '发布' }).click();
    await page.getByRole('dialog').getByText('发布第 1 版后，所有人的颜色都将按它重新计算。确定发布吗？').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: /确定|OK/ }).click();
    await page.getByText('第 1 版已发布').waitFor();
    await version.getByText('生效中').waitFor();
    const published = await web.t.database.db.selectFrom('codeRuleSets').select(['version', 'status']).execute();
    expect(published).toEqual([{ version: 1, status: 'published' }]);
    await screenshot('console-codes-published');
  });

  it('one official proposes a red decision and cannot approve it; a second approves and the colour turns red', async () => {
    const a = await signedInOfficial('hz-official-a');
    await a.page.goto(`${web.origin}/admin/codes/overrides`);
    // The audited lookup confirms whose id this is: masked name, home region, live colour.
    await a.page.getByLabel('证件号码').fill(FIRST17 + residentIdCheckDigit(FIRST17));
    await a.page.getByLabel('查询事由').fill('核实人工赋码对象');
    await a.page.getByRole('button', { name: '查找' }).click();
    const found = await a.page.getByTestId('lookup-result').innerText();
    expect(found).toContain('孙');
    expect(found).not.toContain('孙建华');
    expect(found).toContain('上城区');
    const lookups = await web.t.database.db.selectFrom('auditLog').select('action').where('action', '=', 'person.lookup').execute();
    expect(lookups).toHaveLength(1); // the only lookup in this file
    const form = a.page.getByTestId('proposal-form');
    await form.locator('input[name=personId]').fill(personId);
    await form.locator('textarea[name=reason]').fill('流调发现与确诊病例同一时空');
    await form.locator('input[name=legalBasis]').fill('《传染病防治法》第三十九条');
    await form.getByRole('button', { name: '提交审批' }).click();
    await a.page.getByText('已提交，须另一名卫健工作人员批准后生效').waitFor();
    const ownRow = a.page.getByTestId('pending-proposals').locator('.el-table__row').filter({ hasText: '流调发现与确诊病例同一时空' });
    await ownRow.waitFor();
    expect(await ownRow.getByRole('button', { name: '批准' }).isDisabled()).toBe(true);
    expect(await ownRow.innerText()).toContain('本人提出，须由另一名工作人员批准');
    await a.screenshot('console-codes-own-proposal');
    const redBefore = await web.t.database.db.selectFrom('colourEvents').select('id').where('personId', '=', personId).where('toColour', '=', 'red').execute();
    expect(redBefore).toEqual([]);

    const b = await signedInOfficial('hz-official-b');
    await b.page.getByRole('menuitem', { name: '健康码·人工赋码审批' }).click();
    const row = b.page.getByTestId('pending-proposals').locator('.el-table__row').filter({ hasText: '流调发现与确诊病例同一时空' });
    await row.getByRole('button', { name: '批准' }).click();
    await b.page.getByText('已批准，颜色已重新计算').waitFor();
    await b.screenshot('console-codes-approved');
    const events = await web.t.database.db.selectFrom('colourEvents').select(['toColour', 'actorKind', 'reasonCode']).where('personId', '=', personId).orderBy('id', 'desc').execute();
    expect(events[0]).toMatchObject({ toColour: 'red' });
  });
});

describe('false declarations', () => {
  it('one official establishes a declaration as false from the history; a second approves; the resident\'s code is red with the rule\'s words', async () => {
    const a = await signedInOfficial('hz-official-a');
    await a.page.goto(`${web.origin}/admin/codes/overrides`);
    const history = a.page.getByTestId('declaration-history');
    await history.locator('input[name=historyPersonId]').fill(declarant.personId);
    await history.locator('input[name=historyReason]').fill('核查申报是否属实');
    await history.getByRole('button', { name: '查看申报记录' }).click();
    const row = history.getByTestId('declarations').locator('.el-table__row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('36.5 ℃');
    await row.getByRole('button', { name: '认定虚假申报' }).click();
    const form = a.page.getByTestId('false-declaration-form');
    await form.locator('textarea[name=falseDeclarationReason]').fill(FALSE_DECLARATION_REASON);
    await form.locator('input[name=falseDeclarationLegalBasis]').fill('《传染病防治法》第十二条');
    await form.getByRole('button', { name: '提交审批' }).click();
    await history.getByText('已提交，须另一名卫健工作人员批准后生效').waitFor();
    await row.getByText('认定待审批').waitFor();
    const own = a.page.getByTestId('pending-proposals').locator('.el-table__row').filter({ hasText: FALSE_DECLARATION_REASON });
    await own.waitFor();
    expect(await own.innerText()).toContain('虚假申报认定');
    expect(await own.getByRole('button', { name: '批准' }).isDisabled()).toBe(true);
    await a.screenshot('console-codes-false-declaration-proposed');
    const read = await web.t.database.db.selectFrom('auditLog').select(['actorLabel', 'reason']).where('action', '=', 'code.declarations.read').execute();
    expect(read[0]).toEqual({ actorLabel: 'hz-official-a', reason: '核查申报是否属实' });
    const codeBefore = (await declarant.session.request({ method: 'GET', url: `/api/codes/me?personId=${declarant.personId}` })).json();
    expect(codeBefore.colour).toBe('green');

    const b = await signedInOfficial('hz-official-b');
    await b.page.getByRole('menuitem', { name: '健康码·人工赋码审批' }).click();
    const pending = b.page.getByTestId('pending-proposals').locator('.el-table__row').filter({ hasText: FALSE_DECLARATION_REASON });
    await pending.getByRole('button', { name: '批准' }).click();
    await b.page.getByText('已批准，颜色已重新计算').waitFor();
    await b.screenshot('console-codes-false-declaration-approved');

    const code = (await declarant.session.request({ method: 'GET', url: `/api/codes/me?personId=${declarant.personId}` })).json();
    expect(code.colour).toBe('red');
    expect(code.reasons[0]).toMatchObject({ reasonCode: 'false_declaration', manual: false });
    expect(code.reasons[0].text.zh).toContain('经核实，您的健康申报内容与实际情况不符');
    expect(JSON.stringify(code)).not.toMatch(/王卫健|周审批|hz-official|行程卡/);
  });
});

describe('appeals', () => {
  it('an official takes an appeal, reads it and answers; the answer is stored for the resident', async () => {
    const { page, screenshot } = await signedInOfficial('hz-official-b');
    await page.getByRole('menuitem', { name: '健康码·申诉处理' }).click();
    const row = page.getByTestId('appeal-queue').locator('.el-table__row').filter({ hasText: travellerId });
    await row.waitFor();
    expect(await row.innerText()).toContain('未认领');
    expect(await page.getByText(APPEAL_TEXT).count()).toBe(0); // the message is shown only once taken (an audited read)
    await row.getByRole('button', { name: '认领' }).click();
    expect(await page.getByTestId('appeal-message').innerText()).toBe(APPEAL_TEXT);
    await page.getByTestId('appeal-current').locator('textarea[name=answer]').fill('经核实，您的申报记录显示到访西湖区，已为您更正。');
    await page.getByText('已纠正').click();
    await page.getByRole('button', { name: '发送答复' }).click();
    await page.getByText('答复已发送，申诉人可以看到').waitFor();
    await screenshot('console-codes-appeal-answered');
    const stored = await web.t.database.db.selectFrom('codeAppeals').select(['status', 'outcome', 'answerEnc']).where('personId', '=', travellerId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'answered', outcome: 'corrected' });
    expect(stored.answerEnc).not.toContain('经核实'); // encrypted at rest
  });
});

describe('every page', () => {
  it('logged no console errors and asked no other origin for anything', () => {
    expectPagesClean(web.pages);
  });
});
