// The page's one way to the API: adds the token, reads the error body into words, waits out one 429 on reads.

export const BASE = '/api/v1/scheduling';

export class ApiError extends Error {
  constructor(status, body, message) {
    super(message);
    this.status = status;
    this.body = body;
    this.code = body && body.error_code;
  }

  /** The path does not exist on this server (a feature that is not deployed), as opposed to a missing record. */
  get noSuchPath() {
    return this.status === 404 && /no such path/i.test(this.body?.error_message || '');
  }
}

const LEAD = {
  400: 'The request was malformed',
  401: 'Your token was refused',
  403: 'This token may not do that',
  404: 'Not found',
  409: 'The server refused the change',
  412: 'Someone changed this meanwhile',
  413: 'That is too large',
  422: 'The server refused the change',
  429: 'Too many requests; wait a moment and try again',
};

export function describe(status, body) {
  const detail = body && body.error_message;
  if (status >= 500) {
    const id = body && body.request_id ? ` (request id ${body.request_id})` : '';
    return `The server had a problem${id}${detail ? `: ${detail}` : ''}. Try again in a moment.`;
  }
  const lead = LEAD[status] || `The server answered ${status}`;
  return detail ? `${lead}: ${detail}` : `${lead}.`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param getToken returns the current token or null
 * @param onUnauthorized called with the ApiError of any 401 and the token that was refused, before it is thrown
 */
export function createApi(getToken, onUnauthorized = () => {}) {
  async function request(method, path, { body, headers = {}, anonymous = false } = {}) {
    const h = { Accept: 'application/json', ...headers };
    const token = anonymous ? null : getToken();
    if (token) h.Authorization = `Bearer ${token}`;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(BASE + path, {
          method,
          headers: h,
          body: body === undefined ? undefined : JSON.stringify(body),
          cache: 'no-store',
        });
      } catch (e) {
        throw new ApiError(0, null, 'The service cannot be reached. Is it running? Retrying…');
      }
      if (response.status === 429 && method === 'GET' && attempt === 0) {
        const wait = Math.min(5, Number(response.headers.get('Retry-After')) || 1);
        await sleep(wait * 1000);
        continue;
      }
      const text = await response.text();
      let json = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      if (!response.ok) {
        const error = new ApiError(response.status, json, describe(response.status, json));
        if (response.status === 401 && !anonymous) onUnauthorized(error, token);
        throw error;
      }
      return { status: response.status, json, etag: response.headers.get('ETag') };
    }
  }

  return {
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    del: (path, options) => request('DELETE', path, options),
  };
}
