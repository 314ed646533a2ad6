import type { Session } from './authSlice';

const key = 'bstore.session';

/** On the web there is no secure storage: tokens live in localStorage. */
export async function loadSession(): Promise<Session | null> {
  const text = globalThis.localStorage?.getItem(key);
  return text ? (JSON.parse(text) as Session) : null;
}

export async function saveSession(session: Session): Promise<void> {
  globalThis.localStorage?.setItem(key, JSON.stringify(session));
}

export async function clearSession(): Promise<void> {
  globalThis.localStorage?.removeItem(key);
}
