import { el, time } from './api.js';

export const STATUSES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'ERROR', 'CANCELLED'];

export function renderStatus(status) {
  document.getElementById('node').textContent =
    `node ${status.nodeId} · ${status.role} · term ${status.term} · leader ${status.leaderId || 'none'}`;
  document.getElementById('counts').replaceChildren(...STATUSES.map(name =>
    el('div', { class: 'count', 'data-status': name }, el('b', {}, String(status.tasks[name])), name)));
  document.querySelector('#peers tbody').replaceChildren(...status.peers.map(peer =>
    el('tr', { 'data-peer': peer.id }, el('td', {}, peer.id), el('td', {}, peer.role || '?'),
      el('td', {}, String(peer.matchIndex)), el('td', {}, String(peer.lag)), el('td', {}, peer.clientAddress))));
  document.querySelector('#members tbody').replaceChildren(...status.members.map(member =>
    el('tr', { 'data-member': member.id },
      el('td', {}, member.id), el('td', {}, member.transport),
      el('td', {}, `${member.slots - member.slotsUsed}/${member.slots}`),
      el('td', {}, member.status), el('td', {}, time(member.lastHeartbeatAt)))));
  document.getElementById('members-note').textContent =
    `${status.membersAlive} alive of ${status.membersTotal}` + (status.moreMembers ? ' (first 200 shown)' : '');
}
