import AsyncStorage from '@react-native-async-storage/async-storage';

import { persistedEndpoints } from '@/api/api';
import type { PersistedState } from './hydrate';
import type { AppStore, RootState } from './store';

const key = 'bstore.device-state.v1';

/** The most recent catalog answers kept (each search, filter and product is one). */
export const maxSavedAnswers = 40;

export async function loadPersisted(): Promise<PersistedState> {
  try {
    const text = await AsyncStorage.getItem(key);
    return text ? (JSON.parse(text) as PersistedState) : {};
  } catch {
    return {};
  }
}

/** The catalog answers already loaded, the configuration and the guest cart: what browsing offline needs. */
export function persistedPart(state: RootState): PersistedState {
  const catalog = Object.fromEntries(
    Object.entries(state.api.queries)
      .filter(([, entry]) => entry?.status === 'fulfilled' && persistedEndpoints.includes(entry.endpointName))
      .sort(([, a], [, b]) => (b?.fulfilledTimeStamp ?? 0) - (a?.fulfilledTimeStamp ?? 0))
      .slice(0, maxSavedAnswers),
  );
  return { config: state.config.value ?? undefined, catalog, guestCart: state.guestCart.lines };
}

/**
 * Writes the persisted part when it changed: at once for the guest cart and configuration (the
 * shopper may close the app right after adding to the cart), at most once a second for the catalog.
 */
export function persistStore(store: AppStore, delayMs = 1000): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = { api: store.getState().api, config: store.getState().config, guestCart: store.getState().guestCart };
  const write = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    AsyncStorage.setItem(key, JSON.stringify(persistedPart(store.getState()))).catch(() => undefined);
  };
  const unsubscribe = store.subscribe(() => {
    const { api, config, guestCart } = store.getState();
    if (api === last.api && config === last.config && guestCart === last.guestCart) return;
    const urgent = config !== last.config || guestCart !== last.guestCart;
    last = { api, config, guestCart };
    if (urgent) write();
    else timer ??= setTimeout(write, delayMs);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}
