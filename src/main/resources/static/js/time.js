// Wall-clock arithmetic in a schedule's time zone. The API shows item times with the schedule zone's offset and
// reads times without an offset in the schedule's zone, so the page works on local date-times ("2026-12-08T15:00")
// and never converts instants itself: daylight-saving rules stay on the server.

const DAY_MS = 86_400_000;
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LONG_DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-12-08T15:00:00-05:00" → {date: "2026-12-08", hour: 15, minute: 0}; null for null. */
export function localParts(isoWithOffset) {
  if (!isoWithOffset) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(isoWithOffset);
  if (!m) return null;
  return { date: m[1], hour: Number(m[2]), minute: Number(m[3]) };
}

/** The local date-time string the API reads in the schedule's zone. */
export function localIso(date, hour, minute) {
  return `${date}T${pad(hour)}:${pad(minute)}:00`;
}

export function pad(n) {
  return String(n).padStart(2, '0');
}

function toUtcDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtcDate(dt) {
  return `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

export function addDays(date, days) {
  return fromUtcDate(new Date(toUtcDate(date).getTime() + days * DAY_MS));
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(date) {
  return (toUtcDate(date).getUTCDay() + 6) % 7;
}

export function mondayOf(date) {
  return addDays(date, -weekday(date));
}

/** Moves a local date-time by whole hours of wall-clock time, across midnight as needed. */
export function addHours(parts, hours) {
  const total = parts.hour + hours;
  const days = Math.floor(total / 24);
  return { date: addDays(parts.date, days), hour: total - days * 24, minute: parts.minute };
}

/** Today's date and the hour in a zone, from the browser's clock. */
export function nowIn(timeZone) {
  return partsIn(new Date().toISOString(), timeZone);
}

export function compareLocal(a, b) {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.hour * 60 + a.minute - (b.hour * 60 + b.minute);
}

export function formatDay(date) {
  const dt = toUtcDate(date);
  return `${DAY_NAMES[weekday(date)]} ${dt.getUTCDate()} ${MONTHS[dt.getUTCMonth()]}`;
}

export function formatLongDay(date) {
  const dt = toUtcDate(date);
  return `${LONG_DAY_NAMES[weekday(date)]} ${dt.getUTCDate()} ${MONTHS[dt.getUTCMonth()]} ${dt.getUTCFullYear()}`;
}

export function formatWeek(monday) {
  const sunday = addDays(monday, 6);
  const a = toUtcDate(monday);
  const b = toUtcDate(sunday);
  const left = a.getUTCMonth() === b.getUTCMonth() ? `${a.getUTCDate()}` : `${a.getUTCDate()} ${MONTHS[a.getUTCMonth()]}`;
  return `${left} – ${b.getUTCDate()} ${MONTHS[b.getUTCMonth()]} ${b.getUTCFullYear()}`;
}

/** "Tue 8 Dec 15:00" for an API time; "not placed" for null. */
export function formatLocal(isoWithOffset) {
  const p = localParts(isoWithOffset);
  if (!p) return 'not placed';
  return `${formatDay(p.date)} ${pad(p.hour)}:${pad(p.minute)}`;
}

export function slotName(slot) {
  return `${DAY_NAMES[Math.floor(slot / 24)]} ${pad(slot % 24)}:00`;
}

/**
 * An instant (ISO-8601 with any offset) as a wall-clock date and hour in another zone: for the queue slots the API
 * answers in the queue's zone, drawn on a week in the schedule's zone. The browser's time-zone data does this, so
 * no rule is written here.
 */
export function partsIn(isoWithOffset, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(isoWithOffset))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) };
}
