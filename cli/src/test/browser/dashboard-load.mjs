// The dashboard with 100,000 tasks, for DashboardLoadBrowserTest: the first page comes quickly and
// holds 100 rows, paging works, and while the tasks run (thousands of changes a second) the page
// keeps answering within MAX_STALL_MS and never shows more than a page. One line per step on
// stdout; READY waits for GO on stdin (the test then starts the workers).
//
// usage: node dashboard-load.mjs URL TASKS SCREENSHOT
import { launch } from './browser.mjs';
import { createInterface } from 'node:readline';

const [url, tasks, screenshot] = process.argv.slice(2);
const WAIT = { timeout: 60_000 };
const MAX_LOAD_MS = 5_000;
const MAX_STALL_MS = 1_000;
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = line => console.log(line);

const browser = await launch();
let exitCode = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const started = Date.now();
  await page.goto(url);
  await page.locator('.count[data-status="PENDING"] b').filter({ hasText: new RegExp(`^${tasks}$`) }).waitFor(WAIT);
  await page.waitForFunction(() => document.querySelectorAll('#tasks tbody tr').length === 100, null, WAIT);
  const loadMs = Date.now() - started;
  if (loadMs > MAX_LOAD_MS) throw new Error(`the page took ${loadMs} ms to show, over ${MAX_LOAD_MS}`);
  say(`LOADED ${loadMs}`);

  const firstOfPage1 = await page.locator('#tasks tbody tr').first().getAttribute('data-id');
  await page.click('#next');
  await page.waitForFunction(first => {
    const rows = document.querySelectorAll('#tasks tbody tr');
    return rows.length === 100 && rows[0].dataset.id !== first;
  }, firstOfPage1, WAIT);
  await page.click('#prev');
  await page.waitForFunction(first => document.querySelector('#tasks tbody tr')?.dataset.id === first, firstOfPage1, WAIT);
  say('PAGED');

  await page.locator('#live').filter({ hasText: /^live$/ }).waitFor(WAIT);
  say('READY');
  const { value } = await lines.next();
  if (value !== 'GO') throw new Error(`expected GO, got ${value}`);

  // Every 100 ms, how long the page takes to run a trivial script: a stalled main thread shows here.
  let maxStall = 0;
  let maxRows = 0;
  let completed = 0;
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const asked = Date.now();
    const state = await page.evaluate(() => ({
      rows: document.querySelectorAll('#tasks tbody tr').length,
      completed: Number(document.querySelector('.count[data-status="COMPLETED"] b')?.textContent || 0),
    }));
    maxStall = Math.max(maxStall, Date.now() - asked);
    maxRows = Math.max(maxRows, state.rows);
    completed = state.completed;
    if (completed >= Number(tasks) / 5) break;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  say(`MEASURED stall=${maxStall} rows=${maxRows} completed=${completed}`);
  if (completed < Number(tasks) / 5) throw new Error(`the counts did not follow: ${completed} completed shown`);
  if (maxRows > 100) throw new Error(`the table showed ${maxRows} rows, more than a page`);
  if (maxStall > MAX_STALL_MS) throw new Error(`the page stalled for ${maxStall} ms, over ${MAX_STALL_MS}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot });
  say('DONE');
} catch (error) {
  say(`FAIL ${String(error.message || error).split('\n')[0]}`);
  exitCode = 1;
} finally {
  await browser.close();
}
process.exit(exitCode);
