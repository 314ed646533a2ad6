import { render } from '@testing-library/react-native';
import type { ReactElement, ReactNode } from 'react';
import { Provider } from 'react-redux';

import { api } from '@/api/api';
import type { ClientConfig } from '@/api/types';
import { loadConfig } from '@/config/configSlice';
import { restored, type Session } from '@/features/auth/authSlice';
import { makeStore, type AppStore } from '@/store/store';
import { recorded } from './http';

export const config = recorded('config').body as ClientConfig;

export const session: Session = {
  email: 'ana@example.com',
  accessToken: 'access-token',
  refreshToken: 'refresh-token',
  expiresAt: Date.now() + 3_600_000,
};

const stores: AppStore[] = [];

/** A store as the app has it after start-up: configuration loaded, signed in or not. */
export function makeTestStore({ signedIn = false }: { signedIn?: boolean } = {}): AppStore {
  const store = makeStore();
  store.dispatch(loadConfig.fulfilled(config, 'test'));
  store.dispatch(restored(signedIn ? { ...session, expiresAt: Date.now() + 3_600_000 } : null));
  stores.push(store);
  return store;
}

export async function renderWithStore(ui: ReactElement, options: { signedIn?: boolean; store?: AppStore } = {}) {
  const store = options.store ?? makeTestStore(options);
  const wrapper = ({ children }: { children: ReactNode }) => <Provider store={store}>{children}</Provider>;
  const result = await render(ui, { wrapper });
  return { store, ...result };
}

afterEach(() => {
  for (const store of stores.splice(0)) store.dispatch(api.util.resetApiState());
});
