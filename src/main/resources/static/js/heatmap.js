// A 7 × 24 heat map of expected engagement for one platform, its hours in the audience's zone: colour is the expected
// value relative to the best hour, hatching marks the hours the model is less sure of than of its surest ones (only
// where confidence differs: a curve equally sure everywhere, such as the platform's own before any history, has
// nothing to mark), a star marks the recommended slots, an outline marks the current hour.

import { el } from './week.js';
import { DAY_NAMES, localParts, pad, slotName, weekday } from './time.js';

// Light to dark blue, readable for the common colour-vision deficiencies.
const STOPS = [
  [247, 251, 255],
  [198, 219, 239],
  [107, 174, 214],
  [33, 113, 181],
  [8, 48, 107],
];

export function colour(t) {
  const x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [r, g, b] = STOPS[i].map((v, k) => Math.round(v + (STOPS[i + 1][k] - v) * f));
  return `rgb(${r} ${g} ${b})`;
}

export function recommendedSlots(recommendations) {
  const slots = new Map();
  for (const r of recommendations) {
    const p = localParts(r.scheduled_time);
    if (!p) continue;
    const slot = weekday(p.date) * 24 + p.hour;
    if (!slots.has(slot)) slots.set(slot, r);
  }
  return slots;
}

/**
 * @param curve the answer of GET /recommendations/curve
 * @param recommendations the list from GET /recommendations for the same platform and zone
 */
/**
 * Per slot, how much less sure the model is there than at its surest hour, 0–1: 0 within 0.05 of the surest hour,
 * and everywhere when the confidence hardly differs across the week (less than 0.05 between surest and least sure).
 */
export function uncertaintyCue(confidence) {
  const most = Math.max(...confidence);
  const least = Math.min(...confidence);
  if (most - least < 0.05) return confidence.map(() => 0);
  // within 0.05 of the surest hour counts as sure as it: no hatching there
  return confidence.map((c) => (most - c < 0.05 ? 0 : (most - c) / (most - least)));
}

const SOURCES = {
  request: 'this schedule\u2019s zone',
  settings: 'your audience\u2019s zone (settings)',
  latest_schedule: 'your latest schedule\u2019s zone',
  default: 'UTC: no audience zone set',
};

export function renderHeatmap({ container, curve, recommendations, platformName }) {
  const max = Math.max(...curve.expected) || 1;
  const cue = uncertaintyCue(curve.confidence);
  const hatched = cue.some((u) => u > 0);
  const starred = recommendedSlots(recommendations);
  const table = el('table', { class: 'heatmap', 'aria-describedby': 'heatmap-legend' });
  table.append(
    el(
      'caption',
      {},
      `${platformName} ${curve.content_type.replace('_', ' ')}: expected ${(curve.objective || 'engagement').replace(/_/g, ' ')} by hour, ${curve.timezone}${curve.timezone_source ? ` (${SOURCES[curve.timezone_source] || curve.timezone_source})` : ''}`,
    ),
  );
  const head = el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Day')));
  for (let hour = 0; hour < 24; hour++) {
    head.append(el('th', { scope: 'col', class: hour % 3 === 0 ? 'major' : 'minor' }, hour % 3 === 0 ? pad(hour) : el('span', { class: 'visually-hidden' }, pad(hour))));
  }
  table.append(el('thead', {}, head));
  const body = el('tbody');
  for (let day = 0; day < 7; day++) {
    const row = el('tr', {}, el('th', { scope: 'row' }, DAY_NAMES[day]));
    for (let hour = 0; hour < 24; hour++) {
      const slot = day * 24 + hour;
      const expected = curve.expected[slot];
      const confidence = curve.confidence[slot];
      const recommended = starred.get(slot);
      const describe = `${slotName(slot)}: expected ${expected.toFixed(2)} (90% between ${curve.lower[slot].toFixed(2)} and ${curve.upper[slot].toFixed(2)}), confidence ${Math.round(confidence * 100)}%${recommended ? ', recommended' : ''}${slot === curve.current_slot ? ', now' : ''}`;
      const classes = ['slot'];
      if (recommended) classes.push('recommended');
      if (slot === curve.current_slot) classes.push('now');
      if (expected / max > 0.6) classes.push('dark');
      if (cue[slot] > 0) classes.push('uncertain');
      row.append(
        el(
          'td',
          {
            class: classes.join(' '),
            style: `--fill: ${colour(expected / max)}; --uncertainty: ${cue[slot].toFixed(2)}`,
            title: describe,
            'aria-label': describe,
            dataset: { slot: String(slot) },
          },
          recommended ? el('span', { 'aria-hidden': 'true' }, '★') : '',
        ),
      );
    }
    body.append(row);
  }
  table.append(body);

  const meanConfidence = curve.confidence.reduce((a, b) => a + b, 0) / curve.confidence.length;
  const basis =
    curve.basis === 'tenant_history'
      ? `From ${curve.observations} posts of yours, blended with the platform's curve.`
      : 'From the platform\u2019s published curve: no engagement history of yours yet.';
  const legend = el(
    'div',
    { class: 'legend', id: 'heatmap-legend' },
    el('span', { class: 'scale', 'aria-hidden': 'true' }),
    el('span', {}, 'lower → higher expected engagement'),
    hatched ? el('span', { class: 'hatch-sample', 'aria-hidden': 'true' }) : '',
    el('span', {}, hatched ? 'hatched: less certain than the surest hours' : 'equally certain at every hour (no hatching)'),
    el('span', { class: 'star-sample', 'aria-hidden': 'true' }, '★'),
    el('span', {}, 'recommended'),
    el(
      'p',
      { class: 'basis' },
      `${basis} Hours in ${curve.timezone}. Average confidence ${Math.round(meanConfidence * 100)}%. Best hour: ${slotName(curve.best_slot)}.`,
    ),
  );

  const list = el('ol', { class: 'top-slots', 'aria-label': 'Recommended slots' });
  for (const r of recommendations) {
    const p = localParts(r.scheduled_time);
    list.append(
      el(
        'li',
        {},
        el('strong', {}, p ? `${DAY_NAMES[weekday(p.date)]} ${p.date.slice(5)} ${pad(p.hour)}:${pad(p.minute)}` : r.scheduled_time),
        ` — score ${r.score.toFixed(2)}, confidence ${Math.round(r.confidence * 100)}%. `,
        el('span', { class: 'reason' }, r.reason),
      ),
    );
  }
  container.replaceChildren(el('div', { class: 'heatmap-scroll' }, table), legend, recommendations.length ? el('h3', {}, 'Top recommended slots') : '', list);
}
