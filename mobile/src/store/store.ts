import { combineReducers, configureStore, createListenerMiddleware, isAnyOf } from '@reduxjs/toolkit';
import { setupListeners } from '@reduxjs/toolkit/query';

import { api } from '@/api/api';
import { configSlice } from '@/config/configSlice';
import { authSlice, sessionEnded, signedIn, signedOut } from '@/features/auth/authSlice';
import { cartApi } from '@/features/cart/api';
import { guestCartCleared, guestCartSlice } from '@/features/cart/guestCartSlice';
import { checkoutSlice } from '@/features/orders/checkoutSlice';
import { hydrate } from './hydrate';
import { persistedPart } from './persistence';

const rootReducer = combineReducers({
  [api.reducerPath]: api.reducer,
  config: configSlice.reducer,
  auth: authSlice.reducer,
  guestCart: guestCartSlice.reducer,
  checkout: checkoutSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

export function makeStore() {
  const listeners = createListenerMiddleware<RootState>();
  const store = configureStore({
    reducer: rootReducer,
    // The development-only state checks walk the whole cached catalog; warn only when they get really slow.
    middleware: (getDefault) =>
      getDefault({ serializableCheck: { warnAfter: 128 }, immutableCheck: { warnAfter: 128 } })
        .prepend(listeners.middleware)
        .concat(api.middleware),
  });

  // The guest's cart joins the account's at sign-in; the device copy goes once the API took it.
  listeners.startListening({
    actionCreator: signedIn,
    effect: async (_action, { getState, dispatch }) => {
      const lines = getState().guestCart.lines;
      if (lines.length === 0) return;
      const items = lines.map(({ productId, quantity }) => ({ productId, quantity }));
      const merged = await dispatch(cartApi.endpoints.mergeCart.initiate(items));
      if (!('error' in merged)) dispatch(guestCartCleared());
    },
  });
  // Another shopper may sign in next: forget everything that belonged to this one.
  listeners.startListening({
    matcher: isAnyOf(signedOut, sessionEnded),
    effect: (_action, { dispatch, getState }) => {
      const { catalog } = persistedPart(getState());
      dispatch(api.util.resetApiState());
      dispatch(hydrate({ catalog }));
      dispatch(checkoutSlice.actions.orderPlaced());
    },
  });

  setupListeners(store.dispatch);
  return store;
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
