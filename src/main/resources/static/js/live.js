// Changes made elsewhere reach the page over the WebSocket; while the socket cannot be had (the server restarts,
// or does not offer it) the page polls the schedule instead and keeps trying the socket with a growing delay.
// After a reconnect the socket resumes from the last event seen (last_event_id), and the page reloads the schedule
// once on every open, so nothing that happened while it was away is missed.

import { BASE } from './api.js';

const RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000];

export class LiveUpdates {
  /**
   * @param options.getToken the current token
   * @param options.scheduleId the schedule whose events matter
   * @param options.onEvent called with each event of this schedule, and with {type: "resync"} when the socket opens
   * @param options.poll called every pollMs while the socket is down; resolves true if the service answered
   * @param options.onState called with "connecting" | "live" | "polling" | "offline"
   */
  constructor({ getToken, scheduleId, onEvent, poll, onState, pollMs = 2000 }) {
    Object.assign(this, { getToken, scheduleId, onEvent, poll, onState, pollMs });
    this.lastEventId = null;
    this.failures = 0;
    this.stopped = false;
    this.socket = null;
    this.pollTimer = null;
    this.retryTimer = null;
    this.state = null;
  }

  start() {
    this.setState('connecting');
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopPolling();
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close(1000, 'page left the schedule');
      this.socket = null;
    }
  }

  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.onState(state);
    }
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const params = new URLSearchParams({ token: this.getToken() || '', schedule_id: this.scheduleId });
    if (this.lastEventId !== null) params.set('last_event_id', String(this.lastEventId));
    return `${scheme}//${location.host}${BASE}/ws?${params}`;
  }

  connect() {
    if (this.stopped) return;
    if (typeof window.WebSocket !== 'function') {
      this.startPolling();
      return;
    }
    let socket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.socketDown();
      return;
    }
    this.socket = socket;
    // Live only once the server says 'ready': a socket it refuses (bad token 4401, unknown schedule 4404) opens and
    // is closed at once with a reason, and must count as a failure for the back-off, not as a connection.
    const ready = () => {
      this.failures = 0;
      this.stopPolling();
      this.setState('live');
      // Whatever changed between the last read and this moment (or while the socket was away).
      this.onEvent({ type: 'resync' });
    };
    socket.onmessage = (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      if (typeof event.event_id === 'number') {
        this.lastEventId = Math.max(this.lastEventId ?? 0, event.event_id);
      } else if (event.type === 'ready') {
        if (typeof event.last_event_id === 'number') {
          this.lastEventId = Math.max(this.lastEventId ?? 0, event.last_event_id);
        }
        ready();
      }
      if (event.schedule_id === this.scheduleId && typeof event.event_id === 'number') {
        this.onEvent(event);
      }
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket === socket) this.socket = null;
      this.socketDown();
    };
  }

  socketDown() {
    if (this.stopped) return;
    this.failures += 1;
    if (this.state === 'live') this.setState('connecting');
    this.startPolling();
    const delay = RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)];
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  startPolling() {
    if (this.pollTimer || this.stopped) return;
    const tick = async () => {
      if (this.stopped || this.socket?.readyState === 1 /* OPEN */) return;
      const reachable = await this.poll().catch(() => false);
      if (!this.stopped && this.socket?.readyState !== 1) this.setState(reachable ? 'polling' : 'offline');
    };
    this.pollTimer = setInterval(tick, this.pollMs);
    tick();
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
