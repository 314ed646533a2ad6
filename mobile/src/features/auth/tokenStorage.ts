import * as SecureStore from 'expo-secure-store';

import type { Session } from './authSlice';

const key = 'bstore.session';

/** Tokens live in the device's secure storage (Keychain / Keystore). */
export async function loadSession(): Promise<Session | null> {
  const text = await SecureStore.getItemAsync(key);
  return text ? (JSON.parse(text) as Session) : null;
}

export async function saveSession(session: Session): Promise<void> {
  await SecureStore.setItemAsync(key, JSON.stringify(session));
}

export async function clearSession(): Promise<void> {
  await SecureStore.deleteItemAsync(key);
}
