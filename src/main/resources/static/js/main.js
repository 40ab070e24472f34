// The page: token → schedules → one schedule (week view, heat map, optimize, live updates).

import { ApiError, createApi } from './api.js';
import { forgetToken, inspectToken, storedToken, storeToken } from './token.js';
import { LiveUpdates } from './live.js';
import { dayPicker, el, itemButton, itemLabel, renderWeek, TERMINAL } from './week.js';
import { renderHeatmap } from './heatmap.js';
import { slotsByCell, wireAutoScheduling } from './queues.js';
import {
  addDays,
  addHours,
  compareLocal,
  formatLocal,
  formatWeek,
  localIso,
  localParts,
  mondayOf,
  nowIn,
  pad,
} from './time.js';

const $ = (id) => document.getElementById(id);

const state = {
  token: null,
  tokenSource: null,
  me: null,
  platforms: [],
  platformNames: {},
  // the catalog's short_name per platform id (the badge on an item)
  platformBadges: {},
  schedule: null,
  items: [],
  monday: null,
  narrowDay: null,
  platformFilter: '',
  heatPlatform: null,
  heatContentType: null,
  heatRequest: 0,
  settings: undefined, // the tenant's settings once read (null: the server has none)
  live: null,
  openItemId: null,
  optimistic: new Map(), // item id → local date-time being saved
  saveChains: new Map(), // item id → promise of the saves queued for it
  cursor: null,
  renewingDevelopmentToken: false,
  queues: [], // the tenant's posting queues (GET /queues)
};

const narrowScreen = window.matchMedia('(max-width: 640px)');

const api = createApi(() => state.token, handleUnauthorized);

// ---------- messages ----------

function notice(message) {
  $('notice-text').textContent = message;
  $('notice').hidden = false;
}

function clearNotice() {
  $('notice').hidden = true;
}

function sayAboutSaving(message, isError = false) {
  const status = $('save-status');
  status.textContent = message;
  status.classList.toggle('error', isError);
}

function show(view) {
  $('loading').hidden = true;
  for (const id of ['token-view', 'schedules-view', 'schedule-view']) {
    $(id).hidden = id !== view;
  }
  $('connection').hidden = view !== 'schedule-view';
}

// ---------- token ----------

async function offerDevelopmentToken() {
  try {
    const { json } = await api.get('/dev-token', { anonymous: true });
    return json.token;
  } catch {
    return null;
  }
}

async function showTokenView(message) {
  stopLive();
  show('token-view');
  $('change-token').hidden = true;
  $('who').textContent = '';
  const error = $('token-error');
  error.textContent = message || '';
  error.hidden = !message;
  const devToken = await offerDevelopmentToken();
  $('dev-token').hidden = !devToken;
  $('dev-token-note').hidden = !devToken;
  $('token-input').focus();
}

/** Checks a token with the server (GET /me) and keeps it if it works; otherwise says why on the token view. */
async function signIn(raw, source) {
  const inspected = inspectToken(raw);
  if (!inspected.ok) {
    forgetToken();
    state.token = null;
    await showTokenView(inspected.message);
    return false;
  }
  state.token = inspected.token;
  state.tokenSource = source;
  state.settings = undefined; // another token may be another tenant
  try {
    const { json } = await api.get('/me');
    state.me = json;
  } catch (e) {
    state.token = null;
    forgetToken();
    const why =
      e.status === 401
        ? `The server refused this token: ${e.body?.error_message?.replace(/^invalid bearer token:\s*/i, '') || 'it did not verify'}. Paste a valid token.`
        : e.status === 403
          ? `This token's role may not use the scheduling API (${e.body?.error_message || 'forbidden'}).`
          : e.message;
    await showTokenView(why);
    return false;
  }
  storeToken(state.token, source);
  $('who').textContent = `Tenant ${state.me.tenant_id}`;
  $('change-token').hidden = false;
  $('token-input').value = '';
  return true;
}

function handleUnauthorized(error, refusedToken) {
  // A request still in flight with a token that has since been replaced says nothing about the current one.
  if (refusedToken !== state.token) return;
  if (state.tokenSource === 'development' && !state.renewingDevelopmentToken) {
    // The development secret changes when the service restarts; fetch the new token once and carry on.
    state.renewingDevelopmentToken = true;
    offerDevelopmentToken().then(async (token) => {
      if (token && token !== state.token && (await signIn(token, 'development'))) {
        state.renewingDevelopmentToken = false;
        route();
      } else {
        state.renewingDevelopmentToken = false;
        forgetToken();
        state.token = null;
        showTokenView(`${error.message}. Paste a new token.`);
      }
    });
    return;
  }
  if (state.renewingDevelopmentToken) return;
  forgetToken();
  state.token = null;
  showTokenView(`${error.message}. Paste a new token to go on.`);
}

// ---------- schedules ----------

async function showSchedules(more = false) {
  stopLive();
  show('schedules-view');
  document.title = 'Schedules — Primetime';
  const list = $('schedule-list');
  if (!more) {
    list.replaceChildren();
    state.cursor = null;
  }
  try {
    const query = new URLSearchParams({ limit: '50' });
    if (state.cursor) query.set('cursor', state.cursor);
    const { json } = await api.get(`/calendar?${query}`);
    for (const s of json.data) {
      list.append(
        el(
          'li',
          {},
          el('a', { href: `#/schedules/${s.id}` }, s.title),
          el('span', { class: `pill status-${s.status}` }, s.status),
          el('span', { class: 'muted' }, `${s.item_count} item${s.item_count === 1 ? '' : 's'} · ${s.timezone}`),
        ),
      );
    }
    state.cursor = json.next_cursor;
    $('more-schedules').hidden = !json.next_cursor;
    $('schedules-empty').hidden = list.children.length > 0;
  } catch (e) {
    if (e.status !== 401) notice(e.message);
  }
}

async function createSchedule(event) {
  event.preventDefault();
  try {
    const { json } = await api.post('/calendar', { title: $('new-title').value, timezone: $('new-timezone').value.trim() });
    $('new-title').value = '';
    location.hash = `#/schedules/${json.id}`;
  } catch (e) {
    if (e.status !== 401) notice(e.message);
  }
}

// ---------- one schedule ----------

function movable(item) {
  return !TERMINAL.has(item.status) && !['completed', 'canceled', 'failed', 'canceling'].includes(state.schedule?.status);
}

function applySchedule(schedule) {
  state.schedule = schedule;
  state.items = (schedule.items || []).map((item) => {
    const pending = state.optimistic.get(item.id);
    return pending ? { ...item, scheduled_time: pending, saving: true } : item;
  });
}

function chooseWeek() {
  const now = nowIn(state.schedule.timezone);
  const upcoming = state.items
    .map((i) => localParts(i.scheduled_time))
    .filter((p) => p && compareLocal(p, now) >= 0)
    .sort(compareLocal)[0];
  state.monday = mondayOf(upcoming ? upcoming.date : now.date);
  state.narrowDay = null;
}

function narrowDay() {
  if (!narrowScreen.matches) return null;
  const inWeek = (d) => d >= state.monday && d <= addDays(state.monday, 6);
  if (state.narrowDay && inWeek(state.narrowDay)) return state.narrowDay;
  const today = nowIn(state.schedule.timezone).date;
  const firstWithItems = state.items
    .map((i) => localParts(i.scheduled_time))
    .filter((p) => p && inWeek(p.date))
    .sort(compareLocal)[0];
  state.narrowDay = inWeek(today) ? today : firstWithItems ? firstWithItems.date : state.monday;
  return state.narrowDay;
}

function renderSchedule() {
  const s = state.schedule;
  document.title = `${s.title} — Primetime`;
  $('schedule-title').textContent = s.title;
  $('schedule-meta').replaceChildren(
    el('span', { class: `pill status-${s.status}` }, s.status),
    ` ${s.items ? s.items.length : s.item_count} items · times in ${s.timezone} · version ${s.version}`,
  );
  $('week-label').textContent = formatWeek(state.monday);
  const day = narrowDay();
  $('day-picker').hidden = !day;
  if (day) {
    dayPicker({
      container: $('day-picker'),
      monday: state.monday,
      selected: day,
      onSelect: (date) => {
        state.narrowDay = date;
        renderSchedule();
      },
    });
  }
  renderWeek({
    container: $('week'),
    schedule: s,
    items: state.items,
    monday: state.monday,
    narrowDay: day,
    platformFilter: state.platformFilter,
    platformNames: state.platformNames,
    platformBadges: state.platformBadges,
    onMove: moveItem,
    onOpen: openItem,
    onDayChange: (date) => {
      state.narrowDay = date;
    },
    movable,
    queueSlots: slotsByCell(state.queues, s.timezone, state.platformFilter),
  });
  const end = addDays(state.monday, 7);
  let before = 0;
  let after = 0;
  const unplaced = [];
  for (const item of state.items) {
    if (state.platformFilter && item.platform !== state.platformFilter) continue;
    const p = localParts(item.scheduled_time);
    if (!p) unplaced.push(item);
    else if (p.date < state.monday) before++;
    else if (p.date >= end) after++;
  }
  $('outside-week').textContent =
    before || after ? `${before} earlier and ${after} later item${before + after === 1 ? '' : 's'} outside this week.` : '';
  $('unplaced').hidden = unplaced.length === 0;
  $('unplaced-items').replaceChildren(
    ...unplaced.map((item) =>
      itemButton(item, { platformNames: state.platformNames, platformBadges: state.platformBadges, onOpen: openItem, onMove: moveItem, onDayChange: () => {}, movable, narrow: false }),
    ),
  );
  $('optimize').disabled = !movable({ status: 'pending' });
  if (state.openItemId) renderItemDetail();
  scrollToFirstItem();
}

/** When a week (or day) is first shown, scroll its hours so the earliest item is near the top, as calendars do. */
function scrollToFirstItem() {
  const key = `${state.schedule.id}/${state.monday}/${state.narrowDay}`;
  if (state.scrolledTo === key) return;
  state.scrolledTo = key;
  const hours = [...$('week').querySelectorAll('.cell .item')].map((n) => Number(n.closest('.cell').dataset.hour));
  const hour = Math.max(0, (hours.length ? Math.min(...hours) : 8) - 1);
  const row = $('week').querySelector(`.cell[data-hour="${hour}"]`);
  const head = $('week').querySelector('.day-head');
  if (row) $('week').scrollTop = row.offsetTop - (head ? head.offsetHeight : 0);
}

async function loadSchedule(id) {
  const { json } = await api.get(`/calendar/${encodeURIComponent(id)}`);
  return json;
}

async function showSchedule(id) {
  stopLive();
  $('item-detail').hidden = true;
  $('optimize-result').hidden = true;
  state.openItemId = null;
  state.optimistic.clear();
  let schedule;
  try {
    schedule = await loadSchedule(id);
  } catch (e) {
    if (e.status === 401) return;
    show('schedules-view');
    notice(e.status === 404 ? 'That schedule does not exist, or it belongs to another tenant.' : e.message);
    return;
  }
  clearNotice();
  show('schedule-view');
  sayAboutSaving('');
  applySchedule(schedule);
  chooseWeek();
  fillPlatformFilter();
  renderSchedule();
  loadQueues();
  const platformsInUse = [...new Set(state.items.map((i) => i.platform))];
  if (platformsInUse[0] || state.platforms[0]) selectHeatPlatform(platformsInUse[0] || state.platforms[0].platform);
  startLive(id);
}

/** Reloads the schedule after a change made elsewhere; re-renders only if it changed. */
let refreshTimer = null;
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refreshNow, 100);
}

async function refreshNow() {
  if (!state.schedule) return true;
  const id = state.schedule.id;
  try {
    const schedule = await loadSchedule(id);
    if (state.schedule?.id === id && schedule.version !== state.schedule.version) {
      applySchedule(schedule);
      renderSchedule();
    }
    return true;
  } catch (e) {
    return e.status !== 0;
  }
}

// ---------- moving items ----------

function moveItem(item, to) {
  if (!movable(item)) {
    sayAboutSaving(`${item.content_id} is ${item.status}; it can no longer move.`, true);
    return;
  }
  const target = localIso(to.date, to.hour, to.minute);
  state.optimistic.set(item.id, target);
  const current = state.items.find((i) => i.id === item.id);
  if (current) {
    current.scheduled_time = target;
    current.saving = true;
  }
  if (narrowScreen.matches && to.date !== state.narrowDay && to.date >= state.monday && to.date <= addDays(state.monday, 6)) {
    state.narrowDay = to.date;
  }
  if (to.date < state.monday || to.date > addDays(state.monday, 6)) {
    // Keep the moved item in view (and focused) when it crosses into another week.
    state.monday = mondayOf(to.date);
    state.narrowDay = narrowScreen.matches ? to.date : null;
  }
  sayAboutSaving(`Saving ${item.content_id} at ${formatLocal(target)}…`);
  renderSchedule();
  const chain = (state.saveChains.get(item.id) || Promise.resolve()).then(() => saveTime(item.id, target));
  state.saveChains.set(item.id, chain);
  chain.finally(() => {
    if (state.saveChains.get(item.id) === chain) state.saveChains.delete(item.id);
  });
}

async function saveTime(itemId, target) {
  const scheduleId = state.schedule.id;
  if (state.optimistic.get(itemId) !== target) return; // a later move replaced this one
  const item = state.items.find((i) => i.id === itemId);
  try {
    const { json } = await api.patch(
      `/calendar/${scheduleId}/items/${itemId}`,
      { scheduled_time: target },
      { headers: item ? { 'If-Match': `"${item.version}"` } : {} },
    );
    if (state.schedule?.id !== scheduleId) return;
    const stillLatest = state.optimistic.get(itemId) === target;
    if (stillLatest) state.optimistic.delete(itemId);
    const index = state.items.findIndex((i) => i.id === itemId);
    if (index >= 0) {
      state.items[index] = stillLatest ? json : { ...json, scheduled_time: state.optimistic.get(itemId), saving: true };
    }
    if (stillLatest) {
      sayAboutSaving(`Saved: ${json.content_id} is now at ${formatLocal(json.scheduled_time)} (version ${json.version}).`);
      renderSchedule();
    }
    refreshSoon();
  } catch (e) {
    state.optimistic.delete(itemId);
    if (e.status === 401) return;
    sayAboutSaving(`Not saved: ${e.message}`, true);
    // Show the server's truth again: the item goes back to where it is stored.
    await refreshNow();
    if (state.schedule?.id === scheduleId) {
      const fresh = await loadSchedule(scheduleId).catch(() => null);
      if (fresh) {
        applySchedule(fresh);
        renderSchedule();
      }
    }
  }
}

// ---------- item details ----------

function openItem(item) {
  state.openItemId = item.id;
  renderItemDetail();
  $('item-detail').hidden = false;
  $('item-detail').focus();
}

function renderItemDetail() {
  const item = state.items.find((i) => i.id === state.openItemId);
  if (!item) {
    $('item-detail').hidden = true;
    return;
  }
  $('item-detail-heading').textContent = item.content_id;
  const rows = [
    ['Platform', `${state.platformNames[item.platform] || item.platform} · ${item.content_type.replace('_', ' ')}`],
    ['State', item.status],
    ['Time', formatLocal(item.scheduled_time)],
    ['Window', item.earliest_time || item.latest_time ? `${formatLocal(item.earliest_time)} – ${formatLocal(item.latest_time)}` : 'any time'],
    ['Priority', String(item.priority)],
    ['Pinned', item.pinned ? 'yes' : 'no'],
    ['Version', String(item.version)],
  ];
  if (item.external_url) rows.push(['Published at', item.external_url]);
  if (item.error) rows.push(['Error', item.error]);
  $('item-fields').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  const p = localParts(item.scheduled_time);
  $('move-form').hidden = !movable(item);
  const input = $('move-time');
  if (document.activeElement !== input) {
    input.value = p ? `${p.date}T${pad(p.hour)}:${pad(p.minute)}` : '';
  }
}

function moveOpenItem(hours) {
  const item = state.items.find((i) => i.id === state.openItemId);
  const p = item && localParts(item.scheduled_time);
  if (p) moveItem(item, addHours(p, hours));
}

// ---------- optimize ----------

async function optimize() {
  const button = $('optimize');
  const body = $('optimize-body');
  $('optimize-result').hidden = false;
  button.disabled = true;
  button.textContent = 'Optimizing…';
  body.replaceChildren(el('p', { class: 'muted' }, 'Looking for better times…'));
  try {
    const { json } = await api.post('/optimize', { schedule_id: state.schedule.id });
    body.replaceChildren(...optimizationSummary(json));
    refreshSoon();
  } catch (e) {
    if (e.status === 401) return;
    body.replaceChildren(
      el('p', { class: 'error' }, e.noSuchPath ? 'Optimization is not available on this server yet.' : e.message),
    );
  } finally {
    button.textContent = 'Optimize';
    button.disabled = !movable({ status: 'pending' });
  }
}

function number(x, digits = 2) {
  return typeof x === 'number' ? x.toFixed(digits) : '—';
}

function optimizationSummary(result) {
  const o = result.objective || {};
  const parts = [
    el(
      'p',
      { class: 'objective' },
      'Objective ',
      el('strong', {}, number(o.before)),
      ' → ',
      el('strong', {}, number(o.after)),
      typeof o.improvement_pct === 'number' ? ` (${o.improvement_pct >= 0 ? '+' : ''}${o.improvement_pct.toFixed(1)}%)` : '',
      result.status ? ` · ${result.status}` : '',
    ),
  ];
  const moves = result.moves || [];
  if (moves.length === 0) {
    parts.push(el('p', {}, 'No item needed to move.'));
    return parts;
  }
  const rows = moves.map((m) => {
    const item = state.items.find((i) => i.id === m.item_id);
    return el(
      'tr',
      {},
      el('td', {}, item ? itemLabel(item, state.platformNames).split(',').slice(0, 2).join(',') : m.item_id),
      el('td', {}, formatLocal(m.from)),
      el('td', {}, formatLocal(m.to)),
      el('td', {}, `${number(m.expected_engagement_before)} → ${number(m.expected_engagement_after)}`),
    );
  });
  parts.push(
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'moves' },
        el('caption', {}, `${moves.length} move${moves.length === 1 ? '' : 's'}`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Item'), el('th', { scope: 'col' }, 'From'), el('th', { scope: 'col' }, 'To'), el('th', { scope: 'col' }, 'Expected engagement'))),
        el('tbody', {}, rows),
      ),
    ),
  );
  return parts;
}

// ---------- heat map ----------

function fillPlatformFilter() {
  const select = $('platform-filter');
  const inUse = new Set(state.items.map((i) => i.platform));
  select.replaceChildren(
    el('option', { value: '' }, 'All'),
    ...state.platforms.filter((p) => inUse.has(p.platform)).map((p) => el('option', { value: p.platform }, p.display_name)),
  );
  if (!inUse.has(state.platformFilter)) state.platformFilter = '';
  select.value = state.platformFilter;
}

function renderPlatformChoice() {
  const group = $('heatmap-platforms');
  const hadFocus = group.contains(document.activeElement);
  group.replaceChildren(
    ...state.platforms.map((p) =>
      el(
        'button',
        {
          type: 'button',
          role: 'radio',
          'aria-checked': String(p.platform === state.heatPlatform),
          tabindex: p.platform === state.heatPlatform ? '0' : '-1',
          dataset: { platform: p.platform },
          onclick: () => selectHeatPlatform(p.platform),
          onkeydown: (e) => {
            const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
            if (!step) return;
            e.preventDefault();
            const i = state.platforms.findIndex((q) => q.platform === p.platform);
            const next = state.platforms[(i + step + state.platforms.length) % state.platforms.length];
            selectHeatPlatform(next.platform);
          },
        },
        p.display_name,
      ),
    ),
  );
  if (hadFocus) group.querySelector('[aria-checked="true"]')?.focus();
  const profile = state.platforms.find((p) => p.platform === state.heatPlatform);
  const types = profile ? profile.content_types : [];
  $('heatmap-content-type').replaceChildren(...types.map((t) => el('option', { value: t }, t.replace('_', ' '))));
  $('heatmap-content-type').value = state.heatContentType;
}

async function selectHeatPlatform(platform, contentType) {
  const profile = state.platforms.find((p) => p.platform === platform);
  state.heatPlatform = platform;
  state.heatContentType = contentType || profile?.content_types[0] || null;
  renderPlatformChoice();
  await loadHeatmap();
}

// The tenant's settings (audience zones), read once per sign-in: the heat map's hours are the audience's.
async function audienceZone(platform) {
  if (state.settings === undefined) {
    state.settings = await api
      .get('/settings')
      .then((r) => r.json)
      .catch((e) => {
        if (e.status === 401) throw e;
        return null; // a server without settings: this schedule's zone, as before
      });
  }
  const s = state.settings;
  return (s && (s.platform_audience_timezones?.[platform] || s.audience_timezone)) || null;
}

async function loadHeatmap() {
  const request = ++state.heatRequest;
  // Hours are read where the audience is (issue 18): the zone set in the tenant's settings, which the server applies
  // when no timezone is sent; without one, this schedule's zone (the answer names it and where it came from).
  const audience = await audienceZone(state.heatPlatform);
  if (request !== state.heatRequest) return;
  const curveQuery = new URLSearchParams({ platform: state.heatPlatform });
  const recoQuery = new URLSearchParams({ platforms: state.heatPlatform, target_count: '5' });
  if (!audience) {
    curveQuery.set('timezone', state.schedule.timezone);
    recoQuery.set('timezone', state.schedule.timezone);
  }
  if (state.heatContentType) {
    curveQuery.set('content_type', state.heatContentType);
    recoQuery.set('content_type', state.heatContentType);
  }
  try {
    const [curve, recommendations] = await Promise.all([
      api.get(`/recommendations/curve?${curveQuery}`),
      api.get(`/recommendations?${recoQuery}`).catch((e) => {
        if (e.status === 401) throw e;
        return { json: { recommendations: [] } };
      }),
    ]);
    if (request !== state.heatRequest) return;
    renderHeatmap({
      container: $('heatmap'),
      curve: curve.json,
      recommendations: recommendations.json.recommendations,
      platformName: state.platformNames[state.heatPlatform] || state.heatPlatform,
    });
  } catch (e) {
    if (request !== state.heatRequest || e.status === 401) return;
    $('heatmap').replaceChildren(
      el('p', { class: 'error' }, e.noSuchPath ? 'This server does not offer the engagement curve yet.' : e.message),
    );
  }
}

// ---------- live ----------

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Checking every 2 s (live connection unavailable)',
  offline: 'Offline — retrying',
};

function startLive(scheduleId) {
  stopLive();
  state.live = new LiveUpdates({
    getToken: () => state.token,
    scheduleId,
    onEvent: () => refreshSoon(),
    poll: refreshNow,
    onState: (s) => {
      const indicator = $('connection');
      indicator.dataset.state = s;
      indicator.textContent = CONNECTION_TEXT[s];
    },
  });
  state.live.start();
}

function stopLive() {
  if (state.live) {
    state.live.stop();
    state.live = null;
  }
}

// ---------- routing and start-up ----------

async function route() {
  if (!state.token) {
    await showTokenView();
    return;
  }
  const match = /^#\/schedules\/([^/?#]+)/.exec(location.hash);
  if (match) await showSchedule(decodeURIComponent(match[1]));
  else await showSchedules();
}

// ---------- auto-scheduling ----------

let autoScheduling = null;

/** The tenant's posting queues, drawn on the week and listed in the "Add content" panel. */
async function loadQueues() {
  try {
    const { json } = await api.get('/queues');
    state.queues = json.data;
  } catch (e) {
    if (e.status === 401) return;
    state.queues = [];
  }
  autoScheduling.render(state.queues);
  if (state.schedule && !$('schedule-view').hidden) renderSchedule();
}

async function loadPlatforms() {
  try {
    const { json } = await api.get('/platforms', { anonymous: true });
    state.platforms = json.data;
    state.platformNames = Object.fromEntries(json.data.map((p) => [p.platform, p.display_name]));
    state.platformBadges = Object.fromEntries(json.data.map((p) => [p.platform, p.short_name]));
  } catch (e) {
    notice(e.message);
  }
}

function wire() {
  $('notice-close').addEventListener('click', clearNotice);
  autoScheduling = wireAutoScheduling({
    api,
    schedule: () => state.schedule,
    platforms: () => state.platforms,
    onChange: async () => {
      await refreshNow();
      await loadQueues();
    },
  });
  $('token-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await signIn($('token-input').value, 'pasted')) route();
  });
  $('dev-token').addEventListener('click', async () => {
    const token = await offerDevelopmentToken();
    if (!token) {
      await showTokenView('The development token is no longer offered (did the service restart in another mode?).');
    } else if (await signIn(token, 'development')) {
      route();
    }
  });
  $('change-token').addEventListener('click', () => {
    forgetToken();
    state.token = null;
    showTokenView();
  });
  $('more-schedules').addEventListener('click', () => showSchedules(true));
  $('new-schedule-form').addEventListener('submit', createSchedule);
  $('prev-week').addEventListener('click', () => {
    state.monday = addDays(state.monday, -7);
    renderSchedule();
  });
  $('next-week').addEventListener('click', () => {
    state.monday = addDays(state.monday, 7);
    renderSchedule();
  });
  $('this-week').addEventListener('click', () => {
    const today = nowIn(state.schedule.timezone).date;
    state.monday = mondayOf(today);
    state.narrowDay = narrowScreen.matches ? today : null;
    renderSchedule();
  });
  $('platform-filter').addEventListener('change', (e) => {
    state.platformFilter = e.target.value;
    renderSchedule();
  });
  $('optimize').addEventListener('click', optimize);
  $('heatmap-content-type').addEventListener('change', (e) => selectHeatPlatform(state.heatPlatform, e.target.value));
  $('move-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const item = state.items.find((i) => i.id === state.openItemId);
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec($('move-time').value);
    if (!item || !m) {
      sayAboutSaving('Pick a date and time first.', true);
      return;
    }
    moveItem(item, { date: m[1], hour: Number(m[2]), minute: Number(m[3]) });
  });
  $('move-earlier').addEventListener('click', () => moveOpenItem(-1));
  $('move-later').addEventListener('click', () => moveOpenItem(1));
  $('close-detail').addEventListener('click', closeDetail);
  $('item-detail').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeDetail();
  });
  narrowScreen.addEventListener('change', () => {
    if (state.schedule && !$('schedule-view').hidden) {
      state.narrowDay = null;
      renderSchedule();
    }
  });
  window.addEventListener('hashchange', async () => {
    clearNotice();
    const link = tokenFromFragment();
    if (link && !(await signIn(link, 'link'))) return;
    route();
  });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  $('timezones').replaceChildren(...zones.map((z) => el('option', { value: z })));
  $('new-timezone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function closeDetail() {
  const id = state.openItemId;
  state.openItemId = null;
  $('item-detail').hidden = true;
  if (id) document.querySelector(`.item[data-id="${CSS.escape(id)}"]`)?.focus();
}

/** A link may carry the token in the fragment (never sent to the server); take it and drop it from the address bar. */
function tokenFromFragment() {
  const fragment = /^#token=([^&]+)/.exec(location.hash);
  if (!fragment) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  return decodeURIComponent(fragment[1]);
}

async function start() {
  wire();
  let raw = tokenFromFragment();
  let source = raw ? 'link' : null;
  if (!raw) {
    const stored = storedToken();
    raw = stored.token;
    source = stored.source;
  }
  await loadPlatforms();
  if (raw && !(await signIn(raw, source || 'pasted'))) return;
  await route();
}

window.addEventListener('error', (e) => notice(`Something went wrong on this page: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => {
  if (!(e.reason instanceof ApiError)) notice(`Something went wrong on this page: ${e.reason?.message || e.reason}`);
});

start();

