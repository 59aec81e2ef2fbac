import { get, showError, throttle } from './api.js';
import { renderStatus } from './overview.js';
import { drawStarted, drawLatency } from './charts.js';
import { TaskTable } from './tasks.js';
import { Actions } from './actions.js';

const refreshStatus = throttle(1000, async () => renderStatus(await get('/api/status')));
const refreshCharts = throttle(2000, async () => {
  const series = await get('/api/series');
  drawStarted(document.getElementById('chart-started'), series.samples);
  drawLatency(document.getElementById('chart-latency'), series.samples);
});

function setLive(live, text) {
  const badge = document.getElementById('live');
  badge.textContent = text;
  badge.className = live ? 'badge' : 'badge off';
}

async function main() {
  const whoami = await get('/api/whoami');
  document.getElementById('who').textContent = whoami.mayChange
    ? (whoami.caller ? `${whoami.caller} (${whoami.role})` : 'roles not enforced')
    : `read-only: ${whoami.readOnlyBecause}`;
  let actions;
  const table = new TaskTable(id => actions.open(id));
  actions = new Actions(whoami, () => { table.reload(); refreshStatus(); });
  document.getElementById('search').onsubmit = event => {
    event.preventDefault();
    const id = new FormData(event.target).get('id').trim();
    if (id) actions.open(id);
  };
  await Promise.all([table.load(), refreshStatus(), refreshCharts()]);
  setInterval(refreshCharts, 2000);
  setInterval(refreshStatus, 5000); // heartbeat times move without any change event

  const events = new EventSource('/api/events');
  events.addEventListener('hello', e => setLive(JSON.parse(e.data).live, JSON.parse(e.data).live ? 'live' : 'waiting for the feed'));
  events.addEventListener('tasks', e => {
    const tasks = JSON.parse(e.data);
    table.changed(tasks);
    actions.changed(tasks);
    refreshStatus();
  });
  events.addEventListener('members', () => refreshStatus());
  events.addEventListener('reset', () => { table.reload(); refreshStatus(); });
  events.onerror = () => setLive(false, 'reconnecting');
  events.onopen = () => showError(null);
}

main().catch(showError);
