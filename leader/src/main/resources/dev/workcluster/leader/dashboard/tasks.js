import { get, el, time, throttle } from './api.js';
import { STATUSES } from './overview.js';

const PAGE_SIZE = 100;

// One page of tasks (oldest first, as the node lists them), never more: live changes patch the
// rows shown, and a change that may add or drop a row reloads this page at most once a second.
export class TaskTable {
  constructor(onOpen) {
    this.onOpen = onOpen;
    this.status = '';
    this.tokens = [''];
    this.page = 0;
    this.next = '';
    this.rows = new Map();
    this.reload = throttle(1000, () => this.load());
    this.renderFilters();
    document.getElementById('prev').onclick = () => { if (this.page > 0) { this.page--; this.load(); } };
    document.getElementById('next').onclick = () => {
      if (this.next) { this.tokens[this.page + 1] = this.next; this.page++; this.load(); }
    };
  }

  renderFilters() {
    const buttons = ['', ...STATUSES].map(status => {
      const button = el('button', { 'data-filter': status || 'ALL', class: status === this.status ? 'on' : '' },
        status || 'ALL');
      button.onclick = () => { this.status = status; this.tokens = ['']; this.page = 0; this.renderFilters(); this.load(); };
      return button;
    });
    document.getElementById('filters').replaceChildren(...buttons);
  }

  async load() {
    const query = new URLSearchParams({ pageSize: PAGE_SIZE });
    if (this.status) query.set('status', this.status);
    if (this.tokens[this.page]) query.set('pageToken', this.tokens[this.page]);
    const answer = await get(`/api/tasks?${query}`);
    this.next = answer.nextPageToken;
    this.rows = new Map(answer.tasks.map(task => [task.id, task]));
    this.render();
  }

  render() {
    const body = document.querySelector('#tasks tbody');
    body.replaceChildren(...[...this.rows.values()].map(task => {
      const row = el('tr', { class: 'task', 'data-id': task.id },
        el('td', {}, task.id), el('td', { class: `status ${task.status}` }, task.status),
        el('td', {}, task.priority), el('td', {}, `${task.attempt}/${task.maxAttempts}`),
        el('td', {}, task.workerId), el('td', {}, time(task.createdAt)), el('td', { class: 'payload' }, task.payload));
      row.onclick = () => this.onOpen(task.id);
      return row;
    }));
    document.getElementById('page').textContent = `page ${this.page + 1} · ${this.rows.size} tasks`;
    document.getElementById('prev').disabled = this.page === 0;
    document.getElementById('next').disabled = !this.next;
  }

  // A frame of changed tasks from the event stream.
  changed(tasks) {
    let patched = false;
    let reshaped = false;
    for (const task of tasks) {
      const shown = this.rows.has(task.id);
      const matches = !this.status || task.status === this.status;
      if (shown && matches) { this.rows.set(task.id, task); patched = true; } else if (shown || matches) { reshaped = true; }
    }
    if (patched) this.render();
    if (reshaped) this.reload();
  }
}
