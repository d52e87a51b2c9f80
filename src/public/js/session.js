/**
 * The token lives in sessionStorage: it survives a reload but belongs to one tab,
 * so two windows of the same browser can be two different users (the demo's point).
 */
export function createSession(scope) {
  const key = `notifications-demo.${scope}.token`;
  return {
    load: () => sessionStorage.getItem(key),
    save: (token) => sessionStorage.setItem(key, token),
    clear: () => sessionStorage.removeItem(key),
  };
}

/** Reads the claims for display only; verifying the token is the server's job. */
export function readClaims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    const id = [claims.sub, claims.user_id, claims.userId].find((v) => v !== undefined && v !== null);
    return {
      id: id === undefined ? undefined : String(id),
      name: typeof claims.name === 'string' ? claims.name : undefined,
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    };
  } catch {
    return undefined; // not a JWT; the server will say why when we connect
  }
}
