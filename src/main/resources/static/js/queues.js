// Auto-scheduling on the page (issue 21): a new item placed by the platform's queue or at the best free time, and
// a suggested queue that can be saved. The week view marks the queues' slots (see slotsByCell).

import { el } from './week.js';
import { formatLocal, partsIn } from './time.js';

const DAY_LABEL = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "date T hour" in the schedule's zone → the queue slots (platform, local minute) that fall in that hour. */
export function slotsByCell(queues, scheduleZone, platformFilter) {
  const cells = new Map();
  for (const queue of queues) {
    if (platformFilter && queue.platform !== platformFilter) continue;
    for (const at of queue.next_slots || []) {
      const p = partsIn(at, scheduleZone);
      const key = `${p.date}T${p.hour}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push({ platform: queue.platform, minute: p.minute });
    }
  }
  return cells;
}

/**
 * Wires the "Add content" panel.
 * @param ctx.api the page's API client
 * @param ctx.schedule () → the schedule shown
 * @param ctx.platforms () → the platforms from GET /platforms
 * @param ctx.onChange () → reload the schedule and the queues
 */
export function wireAutoScheduling(ctx) {
  const $ = (id) => document.getElementById(id);
  let suggestion = null;

  async function place(placement) {
    const contentId = $('place-content').value.trim();
    const platform = $('place-platform').value;
    const status = $('place-status');
    status.classList.remove('error');
    if (!contentId) {
      status.textContent = 'Give the content an id first.';
      status.classList.add('error');
      $('place-content').focus();
      return;
    }
    status.textContent = placement === 'queue' ? 'Adding to the queue…' : 'Finding the best free time…';
    try {
      const { json } = await ctx.api.post(`/calendar/${encodeURIComponent(ctx.schedule().id)}/items`, {
        items: [{ content_id: contentId, platform, placement }],
      });
      const item = json.data[0];
      status.textContent = `Placed ${item.content_id} at ${formatLocal(item.scheduled_time)}: ${item.placement_reason}`;
      $('place-content').value = '';
      await ctx.onChange();
    } catch (e) {
      status.textContent = e.message;
      status.classList.add('error');
    }
  }

  async function suggest(event) {
    event.preventDefault();
    const platform = $('place-platform').value;
    const status = $('queue-status');
    status.classList.remove('error');
    status.textContent = 'Asking your model…';
    $('save-queue').hidden = true;
    try {
      const { json } = await ctx.api.post(`/queues/${encodeURIComponent(platform)}/suggest`, {
        per_week: Number($('suggest-per-week').value),
        timezone: ctx.schedule().timezone,
      });
      suggestion = json;
      $('suggested-slots').replaceChildren(
        ...json.slots.map((s) =>
          el(
            'li',
            { class: 'suggested-slot' },
            el('strong', {}, `${DAY_LABEL[s.day]} ${s.time}`),
            ` — expected ${s.expected_engagement.toFixed(2)} (${s.reason})`,
          ),
        ),
      );
      status.textContent = `${json.slots.length} slots for ${platform} in ${json.timezone}, from ${json.basis.replace('_', ' ')}. Nothing is saved until you save it.`;
      $('save-queue').hidden = json.slots.length === 0;
    } catch (e) {
      status.textContent = e.message;
      status.classList.add('error');
    }
  }

  async function save() {
    if (!suggestion) return;
    const status = $('queue-status');
    status.classList.remove('error');
    try {
      const { json } = await ctx.api.put(`/queues/${encodeURIComponent(suggestion.platform)}`, {
        timezone: suggestion.timezone,
        content_type: suggestion.content_type,
        slots: suggestion.slots.map((s) => ({ day: s.day, time: s.time })),
      });
      status.textContent = `Queue saved: ${json.slots.length} slots a week for ${json.platform}.`;
      $('save-queue').hidden = true;
      $('suggested-slots').replaceChildren();
      suggestion = null;
      await ctx.onChange();
    } catch (e) {
      status.textContent = e.message;
      status.classList.add('error');
    }
  }

  $('add-to-queue').addEventListener('click', () => place('queue'));
  $('best-time').addEventListener('click', () => place('best'));
  $('suggest-form').addEventListener('submit', suggest);
  $('save-queue').addEventListener('click', save);
  $('place-platform').addEventListener('change', () => {
    $('suggested-slots').replaceChildren();
    $('save-queue').hidden = true;
    suggestion = null;
  });

  return {
    /** Fills the platform choice (once the platforms are known) and says which queues exist. */
    render(queues) {
      const select = $('place-platform');
      if (select.options.length === 0) {
        select.replaceChildren(...ctx.platforms().map((p) => el('option', { value: p.platform }, p.display_name)));
      }
      $('queue-summary').textContent = queues.length
        ? `Queues: ${queues
            .map((q) => `${q.platform} (${q.slots.map((s) => `${DAY_LABEL[s.day]} ${s.time}`).join(', ')}, ${q.timezone})`)
            .join('; ')}. Their slots are marked on the week.`
        : 'No posting queue yet: suggest one below, then save it.';
    },
  };
}

