import { createApi } from '@reduxjs/toolkit/query/react';

import { hydrate } from '@/store/hydrate';
import { baseQuery } from './baseQuery';

/** The app's one API slice; each feature injects its endpoints (an api.ts in each feature folder). */
export const api = createApi({
  reducerPath: 'api',
  baseQuery,
  tagTypes: ['Cart', 'Wishlist', 'Orders', 'Notifications', 'Product'],
  refetchOnReconnect: true,
  refetchOnFocus: true,
  extractRehydrationInfo(action) {
    if (!hydrate.match(action) || !action.payload.catalog) return undefined;
    return { queries: action.payload.catalog, mutations: {}, provided: { tags: {}, keys: {} } } as never;
  },
  endpoints: () => ({}),
});

/** Endpoints whose answers are kept on the device, so browsing works offline. */
export const persistedEndpoints = ['getCategories', 'getProducts', 'getProduct', 'getReviews'];
