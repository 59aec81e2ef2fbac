// Drives the dashboard in Debian's chromium, step by step, for DashboardBrowserTest. It prints one
// line per step reached on stdout; the test waits for them, and acts between them (the lines
// READY and SEEN RUNNING), answering on stdin. Any failure prints FAIL and exits 1.
//
// usage: node dashboard.mjs URL SCREENSHOT TASK_ID COMPLETED_BEFORE ERRORS_BEFORE
import { launch } from './browser.mjs';
import { createInterface } from 'node:readline';

const [url, screenshot, taskId, completedBefore, errorsBefore] = process.argv.slice(2);
const WAIT = { timeout: 30_000 };
const stdin = createInterface({ input: process.stdin });
const lines = stdin[Symbol.asyncIterator]();
const say = line => console.log(line);

async function expectLine(expected) {
  const { value } = await lines.next();
  if (value !== expected) throw new Error(`expected "${expected}" on stdin, got "${value}"`);
}

const browser = await launch();
let exitCode = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
  const outside = [];
  page.on('request', request => { if (!request.url().startsWith(url)) outside.push(request.url()); });
  page.on('pageerror', error => say(`PAGE ERROR ${error.message}`));
  await page.goto(url);
  await page.evaluate(() => { window.notReloaded = true; });
  say('LOADED');

  await page.locator('#members tr[data-member="w1"]').waitFor(WAIT);
  await page.locator('#members tr[data-member="w2"]').waitFor(WAIT);
  await page.locator('#members tr[data-member="w1"] td').nth(2).filter({ hasText: '2/2' }).waitFor(WAIT);
  await page.locator('#peers tbody tr').filter({ hasText: 'LEADER' }).waitFor(WAIT);
  say('MEMBERS');
  await page.locator('.count[data-status="COMPLETED"] b').filter({ hasText: new RegExp(`^${completedBefore}$`) }).waitFor(WAIT);
  await page.locator('.count[data-status="ERROR"] b').filter({ hasText: new RegExp(`^${errorsBefore}$`) }).waitFor(WAIT);
  say('COUNTS');
  await page.locator('#live').filter({ hasText: /^live$/ }).waitFor(WAIT);
  say('LIVE');

  say('READY');
  const status = page.locator(`#tasks tr[data-id="${taskId}"] td.status`);
  await status.filter({ hasText: /^RUNNING$/ }).waitFor(WAIT);
  say('SEEN RUNNING');
  await expectLine('RELEASED');
  await status.filter({ hasText: /^COMPLETED$/ }).waitFor(WAIT);
  if (!(await page.evaluate(() => window.notReloaded === true))) throw new Error('the page reloaded');
  say('SEEN COMPLETED');

  await page.click('button[data-filter="ERROR"]');
  await page.waitForFunction(count => {
    const cells = [...document.querySelectorAll('#tasks td.status')];
    return cells.length === count && cells.every(cell => cell.textContent === 'ERROR');
  }, Number(errorsBefore), WAIT);
  await page.click('button[data-filter="ALL"]');
  await page.locator(`#tasks tr[data-id="${taskId}"]`).waitFor(WAIT);
  say('FILTERED');

  await page.fill('#search input[name="id"]', taskId);
  await page.click('#search button');
  await page.locator('#detail-id').filter({ hasText: taskId }).waitFor(WAIT);
  await page.locator('#detail [data-field="result"]').filter({ hasText: `done ${taskId}` }).waitFor(WAIT);
  await page.locator('#detail [data-field="attempt"]').filter({ hasText: '1 of 3' }).waitFor(WAIT);
  await page.locator('#detail [data-field="worker"]').filter({ hasText: /^w[12]$/ }).waitFor(WAIT);
  say('DETAIL');

  // The node enforces no roles here: the actions are offered, and they work.
  await page.fill('#schedule-form input[name="payload"]', 'from the page');
  await page.fill('#schedule-form input[name="id"]', 'page-1');
  await page.click('#schedule-form button');
  await page.locator('#schedule-result').filter({ hasText: 'scheduled page-1' }).waitFor(WAIT);
  await page.locator('#tasks tr[data-id="page-1"] td.status').filter({ hasText: /^RUNNING$/ }).waitFor(WAIT);
  await page.click('#tasks tr[data-id="page-1"]');
  await page.locator('#cancel').waitFor({ state: 'visible', ...WAIT });
  await page.click('#cancel');
  await page.locator('#tasks tr[data-id="page-1"] td.status').filter({ hasText: /^CANCELLED$/ }).waitFor(WAIT);
  say('ACTIONS');

  await page.waitForFunction(() => Number(document.querySelector('#chart-started [data-total]')
    ?.getAttribute('data-total')) > 0, null, WAIT);
  await page.locator('#chart-latency polyline.p99').waitFor({ state: 'attached', ...WAIT });
  say('CHARTS');

  await page.click('#detail-close');
  await page.click(`#tasks tr[data-id="${taskId}"]`);
  await page.locator('#detail [data-field="result"]').waitFor(WAIT);
  await page.screenshot({ path: screenshot, fullPage: true });
  if (outside.length) throw new Error(`the page fetched from elsewhere: ${outside.join(', ')}`);
  say('DONE');
} catch (error) {
  say(`FAIL ${String(error.message || error).split('\n')[0]}`);
  exitCode = 1;
} finally {
  await browser.close();
  stdin.close();
}
process.exit(exitCode);
