// The week view: 7 days × 24 hours in the schedule's time zone, items as buttons coloured by state. Items can be
// dragged to another hour, or moved with the keyboard (↑/↓ an hour, ←/→ a day) — the keyboard equivalent of
// dragging. On a narrow screen one day is shown at a time.

import {
  addDays,
  addHours,
  DAY_NAMES,
  formatDay,
  formatLocal,
  localParts,
  nowIn,
  pad,
  weekday,
} from './time.js';

export const TERMINAL = new Set(['published', 'skipped', 'failed']);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    // through the CSSOM: the page's Content-Security-Policy refuses style attributes written as markup
    else if (key === 'style') {
      for (const declaration of value.split(';')) {
        const colon = declaration.indexOf(':');
        if (colon > 0) node.style.setProperty(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
      }
    }
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export { el };

export function itemLabel(item, platformNames) {
  const name = platformNames[item.platform] || item.platform;
  return `${item.content_id}, ${name} ${item.content_type.replace('_', ' ')}, ${formatLocal(item.scheduled_time)}, ${item.status}`;
}

/**
 * @param options.container where the grid goes
 * @param options.onMove (item, {date, hour, minute}) → the page saves it
 * @param options.onOpen (item) → show its details
 * @param options.onDayChange (date) → narrow screens: the shown day changed because an item moved across midnight
 */
export function renderWeek({ container, schedule, items, monday, narrowDay, platformFilter, platformNames, platformBadges, onMove, onOpen, onDayChange, movable, queueSlots = new Map() }) {
  const focusedId = document.activeElement?.closest?.('.item')?.dataset.id;
  const days = narrowDay ? [narrowDay] : Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const now = nowIn(schedule.timezone);
  const byCell = new Map();
  for (const item of items) {
    if (platformFilter && item.platform !== platformFilter) continue;
    const p = localParts(item.scheduled_time);
    if (!p) continue;
    const key = `${p.date}T${p.hour}`;
    if (!byCell.has(key)) byCell.set(key, []);
    byCell.get(key).push(item);
  }

  // Column by column (grid-auto-flow: column), so the tab order of the items is chronological.
  const grid = el('div', {
    class: 'week-grid',
    role: 'group',
    'aria-label': `Week of ${formatDay(monday)}, times in ${schedule.timezone}`,
    style: `--days: ${days.length}`,
  });
  grid.append(el('div', { class: 'corner', 'aria-hidden': 'true' }));
  for (let hour = 0; hour < 24; hour++) {
    grid.append(el('div', { class: 'hour-head', 'aria-hidden': 'true' }, `${pad(hour)}:00`));
  }
  for (const date of days) {
    const column = el('div', { class: 'day', role: 'group', 'aria-label': formatDay(date), dataset: { date } });
    column.append(el('div', { class: `day-head${date === now.date ? ' today' : ''}`, 'aria-hidden': 'true' }, formatDay(date)));
    for (let hour = 0; hour < 24; hour++) {
      const past = date < now.date || (date === now.date && hour < now.hour);
      const cell = el('div', {
        class: `cell${past ? ' past' : ''}${date === now.date && hour === now.hour ? ' now' : ''}`,
        dataset: { date, hour: String(hour) },
      });
      // a posting queue's slot in this hour: marked, so "Add to queue" has somewhere visible to go
      for (const slot of queueSlots.get(`${date}T${hour}`) || []) {
        const name = platformNames[slot.platform] || slot.platform;
        cell.classList.add('queue-slot');
        cell.append(
          el(
            'span',
            { class: `slot-marker platform-${slot.platform}`, role: 'note', 'aria-label': `${name} queue slot at ${pad(hour)}:${pad(slot.minute)}`, title: `${name} queue slot` },
            `${platformBadges[slot.platform] || slot.platform} slot ${pad(hour)}:${pad(slot.minute)}`,
          ),
        );
      }
      for (const item of byCell.get(`${date}T${hour}`) || []) {
        cell.append(itemButton(item, { platformNames, platformBadges, onOpen, onMove, onDayChange, movable, narrow: Boolean(narrowDay) }));
      }
      dropTarget(cell, items, (item, from) => onMove(item, { date, hour, minute: from ? from.minute : 0 }));
      column.append(cell);
    }
    grid.append(column);
  }
  // Replacing the grid would otherwise scroll the hours back to midnight on every update.
  const scrollTop = container.scrollTop;
  container.replaceChildren(grid);
  container.scrollTop = scrollTop;
  if (focusedId) {
    container.querySelector(`.item[data-id="${CSS.escape(focusedId)}"]`)?.focus();
  }
}

/** Accepts items dragged from the grid or from the unplaced list. */
function dropTarget(cell, items, onDrop) {
  cell.addEventListener('dragover', (e) => {
    if (e.dataTransfer.types.includes('application/x-primetime-item')) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      cell.classList.add('drop-target');
    }
  });
  cell.addEventListener('dragleave', () => cell.classList.remove('drop-target'));
  cell.addEventListener('drop', (e) => {
    e.preventDefault();
    cell.classList.remove('drop-target');
    const id = e.dataTransfer.getData('application/x-primetime-item');
    const item = items.find((i) => i.id === id);
    if (item) onDrop(item, localParts(item.scheduled_time));
  });
}

export function itemButton(item, { platformNames, platformBadges = {}, onOpen, onMove, onDayChange, movable, narrow }) {
  const p = localParts(item.scheduled_time);
  const canMove = movable(item);
  const button = el(
    'button',
    {
      type: 'button',
      class: `item status-${item.status} platform-${item.platform}${item.saving ? ' saving' : ''}`,
      draggable: canMove ? 'true' : 'false',
      dataset: { id: item.id, status: item.status, platform: item.platform },
      'aria-label': `${itemLabel(item, platformNames)}${item.saving ? ', saving' : ''}${canMove ? '. Arrow keys move it: up and down by an hour, left and right by a day.' : ''}`,
      title: `${itemLabel(item, platformNames)}${canMove ? ' — drag, or focus and use the arrow keys, to move it' : ''}`,
    },
    el('span', { class: 'badge', 'aria-hidden': 'true' }, platformBadges[item.platform] || item.platform),
    el('span', { class: 'time', 'aria-hidden': 'true' }, p ? `${pad(p.hour)}:${pad(p.minute)}` : '—'),
    el('span', { class: 'content', 'aria-hidden': 'true' }, item.content_id),
  );
  button.addEventListener('click', () => onOpen(item));
  button.addEventListener('dragstart', (e) => {
    if (!canMove) {
      e.preventDefault();
      return;
    }
    e.dataTransfer.setData('application/x-primetime-item', item.id);
    e.dataTransfer.effectAllowed = 'move';
    button.classList.add('dragging');
  });
  button.addEventListener('dragend', () => button.classList.remove('dragging'));
  button.addEventListener('keydown', (e) => {
    const step = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -24, ArrowRight: 24 }[e.key];
    if (step === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    if (!p) {
      onOpen(item);
      return;
    }
    const to = addHours(p, step);
    if (narrow && to.date !== p.date) onDayChange(to.date);
    onMove(item, to);
  });
  return button;
}

export function dayPicker({ container, monday, selected, onSelect }) {
  const buttons = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(monday, i);
    return el(
      'button',
      {
        type: 'button',
        class: 'day-pick',
        'aria-pressed': String(date === selected),
        'aria-label': formatDay(date),
        onclick: () => onSelect(date),
      },
      DAY_NAMES[weekday(date)].slice(0, 2),
    );
  });
  container.replaceChildren(...buttons);
}
