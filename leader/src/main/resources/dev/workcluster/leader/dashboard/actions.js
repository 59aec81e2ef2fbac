import { get, post, el, time } from './api.js';

const ACTIVE = ['SCHEDULED', 'PENDING', 'RUNNING'];

// The task detail view, and the schedule and cancel actions, shown only to a caller who may use them.
export class Actions {
  constructor(whoami, onChange) {
    this.mayChange = whoami.mayChange;
    this.onChange = onChange;
    this.openId = null;
    document.getElementById('schedule').hidden = !this.mayChange;
    document.getElementById('schedule-form').onsubmit = event => { event.preventDefault(); this.schedule(event.target); };
    document.getElementById('detail-close').onclick = () => { this.openId = null; document.getElementById('detail').hidden = true; };
    document.getElementById('cancel').onclick = () => this.cancel();
  }

  async schedule(form) {
    const data = Object.fromEntries(new FormData(form).entries());
    const body = { payload: data.payload };
    if (data.id) body.id = data.id;
    if (data.priority) body.priority = data.priority;
    if (data.maxAttempts) body.maxAttempts = Number(data.maxAttempts);
    const result = document.getElementById('schedule-result');
    try {
      const task = await post('/api/tasks', body);
      result.textContent = `scheduled ${task.id}`;
      form.reset();
      this.onChange();
    } catch (e) {
      result.textContent = e.message;
    }
  }

  async open(id) {
    const message = document.getElementById('detail-message');
    message.textContent = '';
    this.openId = id;
    let task;
    try {
      task = await get(`/api/tasks/${encodeURIComponent(id)}`);
    } catch (e) {
      document.getElementById('detail').hidden = false;
      document.getElementById('detail-id').textContent = id;
      document.getElementById('detail-fields').replaceChildren();
      document.getElementById('cancel').hidden = true;
      message.textContent = e.status === 404 ? `no task with id ${id}` : e.message;
      return;
    }
    const duration = (from, to) => (from && to ? `${to - from} ms` : '');
    const fields = [
      ['status', task.status], ['attempt', `${task.attempt} of ${task.maxAttempts}`], ['worker', task.workerId],
      ['priority', task.priority], ['created', time(task.createdAt)], ['started', time(task.startedAt)],
      ['finished', time(task.finishedAt)], ['waited', duration(task.createdAt, task.startedAt)],
      ['ran', duration(task.startedAt, task.finishedAt)], ['payload', task.payload], ['result', task.result],
      ['error', task.error]];
    document.getElementById('detail-id').textContent = task.id;
    document.getElementById('detail-fields').replaceChildren(...fields.flatMap(([name, value]) =>
      [el('dt', {}, name), el('dd', { 'data-field': name }, value)]));
    document.getElementById('cancel').hidden = !(this.mayChange && ACTIVE.includes(task.status));
    document.getElementById('detail').hidden = false;
  }

  async cancel() {
    try {
      await post(`/api/tasks/${encodeURIComponent(this.openId)}/cancel`);
      await this.open(this.openId);
      this.onChange();
    } catch (e) {
      document.getElementById('detail-message').textContent = e.message;
    }
  }

  // Keeps the open detail current as its task changes.
  changed(tasks) {
    if (this.openId && tasks.some(task => task.id === this.openId)) this.open(this.openId);
  }
}
