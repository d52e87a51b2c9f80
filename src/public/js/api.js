/** The demo host's HTTP API, same origin as the pages. */
export class ApiError extends Error {
  constructor(status, body) {
    const detail = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code;
  }
}

async function request(method, path, { body, token } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = { message: text };
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const api = {
  uiConfig: () => request('GET', '/ui-config'),
  devToken: (identity) => request('POST', '/dev/token', { body: identity }),
  follow: (token, followeeId) => request('POST', '/follows', { token, body: { followeeId } }),
  placeOrder: (token, total) => request('POST', '/orders', { token, body: { total } }),
  /** The caller's inbox, newest first; `before` is the `next` of the previous page. */
  inbox: (token, { limit, before } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (before) query.set('before', before);
    return request('GET', `/notifications/inbox?${query}`, { token });
  },
  unreadCount: (token) => request('GET', '/notifications/inbox/unread-count', { token }),
};

/** A failed call in words a person can act on. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return 'The server cannot be reached; is it running?';
  if (error.status === 401) return `Token rejected: ${error.code ?? 'UNAUTHORIZED'} — ${error.message}`;
  return error.message;
}
