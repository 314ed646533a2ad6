import { createAction } from '@reduxjs/toolkit';

import type { ClientConfig } from '@/api/types';
import type { GuestCartLine } from '@/features/cart/guestCartSlice';

/** What the device keeps between launches (besides the tokens, which live in secure storage). */
export interface PersistedState {
  config?: ClientConfig;
  catalog?: Record<string, unknown>;
  guestCart?: GuestCartLine[];
}

export const hydrate = createAction<PersistedState>('app/hydrate');
