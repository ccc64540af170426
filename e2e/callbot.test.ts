/**
 * 智能外呼 in a real browser, in the demo city: the demo community worker creates a chat campaign
 * from the 返乡人员摸排 template in the console, uploads a CSV of three people, starts it and opens
 * the chat page (聊天接听) for one of them; the person answers every prompt by typing — with a fever
 * (三十七度八) — and reads the closing and 通话结束. Back in the console the report counts one
 * completed call and one abnormal person with 发热, and the follow-up task (随访核实) waits under 随访任务:
 * 查看联系方式 with a reason shows the person's name and phone (a tel: link), then it is closed with a note.
 * Needs `npm run build:web` first. With FANGYI_DOCS_IMAGES=1 it also writes the README's
 * screenshots (docs/images/callbot-report.png, docs/images/callbot-chat.png).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/model/staff.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { systemClock } from '../src/kernel/time.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const DOCS_IMAGES = process.env.FANGYI_DOCS_IMAGES === '1';
const CAMPAIGN = '返乡摸排·浏览器测试';
const CSV = ['姓名,电话,地址,标签', '测试甲,13800138001,文一路1号,返乡', '测试乙,13800138002,文一路2号,返乡', '测试丙,0571-88886666,文一路3号,返乡'].join('\n');

let web: WebTestbed;

beforeAll(async () => {
  web = await startWebTestbed();
  await seedDemoCity({ db: web.t.database.db, keyring: web.t.platform.keyring, clock: systemClock, log: () => undefined }, { residents: DOCS_IMAGES ? 3000 : 200, venues: 10 }); // the README's report: the demo campaign at a size worth showing
});

afterAll(() => web?.close());

/** Picks the option labelled `label` of the Element Plus select with this test id. */
async function pickOption(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: label }).first().click();
}

/** What a returnee with a fever answers to each of the template's questions (by what the prompt asks). */
function answerTo(prompt: string): string {
  if (prompt.includes('本人')) return '是的';
  if (prompt.includes('回到本地')) return '嗯，回来了';
  if (prompt.includes('体温')) return '三十七度八';
  return '没有';
}

describe('screening call robot', () => {
  let chatUrl = '';

  it('a community worker creates a chat campaign from the returnee template, uploads a CSV and starts it', async () => {
    const watched = await consolePage(web, 'demo-worker', DEMO_PASSWORD);
    const { page } = watched;
    await page.getByRole('menuitem', { name: '智能外呼·外呼任务' }).click();
    await page.getByTestId('callbot-new').click();
    await pickOption(page, 'callbot-script', '返乡人员摸排');
    // No SIP trunk in the tests: 电话外呼 is shown but cannot be picked, and the form says why.
    await expect.poll(() => page.getByTestId('callbot-sip-unavailable').isVisible()).toBe(true);
    expect(await page.getByTestId('callbot-channel').getByRole('radio', { name: '电话外呼' }).isDisabled()).toBe(true);
    await page.getByTestId('callbot-name').fill(CAMPAIGN);
    await page.getByTestId('callbot-create').click();
    const step2 = page.getByTestId('callbot-step2');
    await step2.waitFor();

    await step2.getByTestId('callbot-file').setInputFiles({ name: 'callees.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await step2.getByTestId('callbot-import').click();
    await expect.poll(() => step2.getByTestId('callbot-import-summary').innerText()).toContain('已导入 3 人');
    await watched.screenshot('callbot-create');
    await step2.getByTestId('callbot-start').click();

    await page.getByTestId('callbot-status').filter({ hasText: '外呼中' }).waitFor();
    await expect.poll(() => page.getByTestId('callbot-progress-total').getAttribute('data-value')).toBe('3');
    const rows = page.getByTestId('callbot-callees').locator('.el-table__body tr');
    await expect.poll(() => rows.count()).toBe(3);
    const names = await rows.allInnerTexts();
    // Masked on screen: neither a whole name nor a whole number of the file shows.
    expect(names.join('\n')).not.toMatch(/测试甲|13800138001/);
    expect(names[0]).toContain('138****8001');

    // 聊天接听 opens the chat page of a new attempt in a new tab.
    const [tab] = await Promise.all([page.context().waitForEvent('page'), rows.first().getByTestId('callbot-chat').click()]);
    await tab!.waitForURL(/\/m\/call\//);
    chatUrl = tab!.url();
    await tab!.close();
    expect(chatUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/m\/call\/[A-Za-z0-9_-]{20,}$/);
    await watched.screenshot('callbot-detail');
  });

  it('the person answers every prompt by typing, with a fever, and hears the closing', async () => {
    const watched = await web.newPage(); // phone-sized, no session: the link is all it takes
    const { page } = watched;
    await page.goto(chatUrl);
    const robot = page.getByTestId('call-chat-robot');
    await robot.first().waitFor();
    expect(await robot.first().innerText()).toContain('您好');
    // The page shows no personal data but what the prompts say (the name the robot asks for).
    expect(await page.locator('body').innerText()).not.toContain('13800138001');

    let answered = 0;
    while (!(await page.getByTestId('call-chat-ended').isVisible())) {
      expect(answered).toBeLessThan(15);
      await page.getByTestId('call-chat-input').waitFor();
      await expect.poll(() => page.getByTestId('call-chat-send').isDisabled()).toBe(true); // enabled only once something is typed
      const prompts = await robot.allInnerTexts();
      await page.getByTestId('call-chat-input').fill(answerTo(prompts.at(-1)!));
      await page.getByTestId('call-chat-send').click();
      answered++;
      await expect.poll(async () => (await robot.count()) > prompts.length || (await page.getByTestId('call-chat-ended').isVisible())).toBe(true);
    }
    expect(answered).toBeGreaterThanOrEqual(8); // identity, in town, temperature, four symptoms, travel, contact
    expect(await page.getByTestId('call-chat-me').allInnerTexts()).toContain('三十七度八');
    const closing = (await robot.allInnerTexts()).at(-1)!;
    expect(closing).toContain('居家观察');
    expect(await page.getByTestId('call-chat-ended').innerText()).toContain('通话结束');
    await expect.poll(() => page.getByTestId('call-chat-input').count()).toBe(0);
    await page.waitForTimeout(200); // the page scrolls to 通话结束
    await watched.screenshot('callbot-chat');
    if (DOCS_IMAGES) await page.screenshot({ path: docsImage('callbot-chat.png'), fullPage: false, scale: 'css' });
  });

  it('the worker opens the person\'s 通话记录: the robot\'s prompts and what was typed, the name masked', async () => {
    const watched = await consolePage(web, 'demo-worker', DEMO_PASSWORD);
    const { page } = watched;
    await page.getByRole('menuitem', { name: '智能外呼·外呼任务' }).click();
    await page.getByTestId('callbot-campaigns').locator('.el-table__body tr').filter({ hasText: CAMPAIGN }).getByTestId('callbot-open').click();
    const rows = page.getByTestId('callbot-callees').locator('.el-table__body tr');
    await expect.poll(() => rows.count()).toBe(3);
    // Only the callee who was called has a record.
    expect(await page.getByTestId('callbot-record').count()).toBe(1);
    await rows.first().getByTestId('callbot-record').click();
    const record = page.getByTestId('callbot-call-record');
    await expect.poll(() => record.locator('.record__robot').count()).toBeGreaterThan(8);
    const text = await record.innerText();
    expect(text).toContain('三十七度八');
    expect(text).toContain('聊天演示');
    expect(text).toMatch(/请问您是测\*\S*本人吗/);
    expect(text).not.toContain('测试甲');
    await watched.screenshot('callbot-call-record');
  });

  it('the report shows one completed call and one abnormal person with 发热; the follow-up task waits', async () => {
    const watched = await consolePage(web, 'demo-worker', DEMO_PASSWORD);
    const { page } = watched;
    await page.getByRole('menuitem', { name: '智能外呼·外呼任务' }).click();
    const row = page.getByTestId('callbot-campaigns').locator('.el-table__body tr').filter({ hasText: CAMPAIGN });
    await row.getByTestId('callbot-report').click();
    await page.getByTestId('callbot-report-totals').waitFor();
    expect(await page.getByTestId('callbot-report-total').innerText()).toBe('3');
    expect(await page.getByTestId('callbot-report-completed').innerText()).toBe('1');
    expect(await page.getByTestId('callbot-report-abnormal').innerText()).toBe('1');
    const symptoms = page.getByTestId('callbot-report-symptoms');
    expect(await symptoms.locator('[data-reason=fever]').getAttribute('data-value')).toBe('1');
    expect(await symptoms.locator('[data-reason=cough]').getAttribute('data-value')).toBe('0');
    const abnormal = page.getByTestId('callbot-report-abnormal-list').locator('.el-table__body tr');
    await expect.poll(() => abnormal.count()).toBe(1);
    expect(await abnormal.first().innerText()).toMatch(/发热[\s\S]*37\.8℃/);
    // Four charts, each drawn on a canvas with its 下载图片 button.
    expect(await page.locator('[data-testid^=callbot-chart-download-]').count()).toBe(4);
    expect(await page.locator('.callbot-chart__canvas canvas').count()).toBeGreaterThanOrEqual(4);
    await page.waitForTimeout(300); // the charts' first frame
    await watched.screenshot('callbot-report');
    if (DOCS_IMAGES) {
      // The README shows the demo city's campaign (seeded, called by simulated callees): more to see than three people.
      const demo = await web.t.database.db.selectFrom('callbotCampaigns').select('id').where('channel', '=', 'simulated').executeTakeFirstOrThrow();
      const testReport = page.url();
      await page.goto(testReport.replace(/campaigns\/[^/]+\/report/, `campaigns/${demo.id}/report`));
      await page.getByTestId('callbot-report-totals').waitFor();
      await page.waitForTimeout(800); // the charts' first frame
      await page.screenshot({ path: docsImage('callbot-report.png'), fullPage: false, scale: 'css' });
      await page.goto(testReport);
      await page.getByTestId('callbot-report-totals').waitFor();
    }

    // 下载图片: the funnel as a PNG.
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid$=-funnel]').getByRole('button', { name: '下载图片' }).click()]);
    expect(png.suggestedFilename()).toMatch(/funnel\.png$/);

    // 随访任务: the report's abnormal list leads to the worker's 随访核实 tasks (the demo campaign's tasks aside), closed with a note.
    await abnormal.first().getByRole('button', { name: '随访核实' }).click();
    await page.getByTestId('callbot-tasks-kinds').waitFor();
    expect(await page.getByTestId('callbot-tasks-kind-follow_up').getAttribute('class')).toMatch(/el-button--primary/);
    const task = page.getByTestId('callbot-task').filter({ hasText: CAMPAIGN });
    await expect.poll(() => task.count()).toBe(1);
    expect(await task.innerText()).toMatch(/发热\s*37\.8℃/);
    expect(await task.getByTestId('callbot-task-kind').innerText()).toBe('随访核实');
    expect(await task.innerText()).not.toContain('13800138001');

    // 查看联系方式: a reason, then the name and the phone as a tel: link (audited).
    await task.getByTestId('callbot-task-contact').click();
    await page.getByTestId('callbot-contact-reason').getByText('电话回访').click();
    await page.getByTestId('callbot-contact-show').click();
    const phone = page.getByTestId('callbot-contact-phone');
    await phone.waitFor();
    expect(await phone.getAttribute('href')).toBe('tel:13800138001');
    expect(await page.getByTestId('callbot-contact-name').innerText()).toBe('测试甲');
    expect(await page.getByTestId('callbot-contact-address').innerText()).toContain('文一路1号');
    await watched.screenshot('callbot-task-contact');
    await page.keyboard.press('Escape');
    await phone.waitFor({ state: 'hidden' });

    await task.getByTestId('callbot-task-done').click();
    await task.getByTestId('callbot-task-note').fill('已电话联系，安排发热门诊就诊');
    await task.getByTestId('callbot-task-save').click();
    await page.getByText(/已处理 .* 的随访任务/).waitFor();
    const rows = await web.t.database.db.selectFrom('callbotFollowUpTasks as k').innerJoin('callbotCampaigns as c', 'c.id', 'k.campaignId')
      .select(['k.kind', 'k.status', 'k.note', 'k.calleeId']).where('c.name', '=', CAMPAIGN).execute();
    expect(rows.map(({ calleeId: _c, ...r }) => r)).toEqual([{ kind: 'follow_up', status: 'done', note: '已电话联系，安排发热门诊就诊' }]);
    const reveals = await web.t.database.db.selectFrom('auditLog').select(['action', 'reason']).where('targetId', '=', rows[0]!.calleeId).where('action', '=', 'callbot.task.contact').execute();
    expect(reveals).toEqual([{ action: 'callbot.task.contact', reason: '电话回访' }]);
    expectPagesClean(web.pages);
  });
});

function docsImage(name: string): string {
  const dir = path.resolve('docs/images');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
