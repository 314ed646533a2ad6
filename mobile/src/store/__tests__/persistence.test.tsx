import AsyncStorage from '@react-native-async-storage/async-storage';
import { screen } from '@testing-library/react-native';

import { cartApi } from '@/features/cart/api';
import { catalogApi } from '@/features/catalog/api';
import { HomeScreen } from '@/features/catalog/HomeScreen';
import { guestItemAdded } from '@/features/cart/guestCartSlice';
import { mockFetch, recorded } from '@test/http';
import { makeTestStore, renderWithStore } from '@test/render';
import { hydrate } from '../hydrate';
import { loadPersisted, maxSavedAnswers, persistedPart, persistStore } from '../persistence';

const line = { productId: 'p', name: 'P', imageUrl: null, unitPrice: 10, currency: 'USD', quantity: 1, availableQuantity: 5 };

describe('what the device keeps', () => {
  it('keeps loaded catalog answers, the configuration and the guest cart, not the shopper’s data', async () => {
    mockFetch([
      { path: '/api/categories', reply: recorded('categories') },
      { path: '/api/cart', reply: recorded('cart') },
    ]);
    const store = makeTestStore({ signedIn: true });
    await store.dispatch(catalogApi.endpoints.getCategories.initiate());
    await store.dispatch(cartApi.endpoints.getCart.initiate());
    store.dispatch(guestItemAdded(line));

    const saved = persistedPart(store.getState());
    expect(Object.keys(saved.catalog ?? {})).toEqual(['getCategories(undefined)']);
    expect(saved.guestCart).toEqual([line]);
    expect(saved.config?.apiBaseUrl).toBe('http://127.0.0.1:5180');
  });

  it('keeps only the most recent catalog answers', async () => {
    mockFetch([{ path: /^\/api\/products\//, reply: recorded('product') }]);
    const store = makeTestStore();
    let now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => ++now);
    for (let i = 0; i <= maxSavedAnswers; i++) {
      await store.dispatch(catalogApi.endpoints.getProduct.initiate(`p-${i}`));
    }
    clock.mockRestore();
    const saved = Object.keys(persistedPart(store.getState()).catalog ?? {});
    expect(saved).toHaveLength(maxSavedAnswers);
    expect(saved).not.toContain('getProduct("p-0")');
    expect(saved).toContain(`getProduct("p-${maxSavedAnswers}")`);
  });

  it('writes the guest cart at once and reads it back', async () => {
    const store = makeTestStore();
    const stop = persistStore(store);
    store.dispatch(guestItemAdded(line));
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    expect(JSON.parse((await AsyncStorage.getItem('bstore.device-state.v1'))!).guestCart).toEqual([line]);
    expect((await loadPersisted()).guestCart).toEqual([line]);
  });

  it('lets a shopper browse the saved catalog offline', async () => {
    mockFetch([
      { path: '/api/categories', reply: recorded('categories') },
      { path: /^\/api\/products\?/, reply: recorded('products-page1') },
    ]);
    const online = makeTestStore();
    await online.dispatch(catalogApi.endpoints.getProducts.initiate({ q: '', category: null, sort: 'name' }));
    await online.dispatch(catalogApi.endpoints.getCategories.initiate());
    const saved = JSON.parse(JSON.stringify(persistedPart(online.getState())));

    mockFetch([
      { path: '/api/categories', reply: 'offline' },
      { path: /^\/api\/products\?/, reply: 'offline' },
    ]);
    const offline = makeTestStore();
    offline.dispatch(hydrate(saved));
    await renderWithStore(<HomeScreen />, { store: offline });
    expect(await screen.findByRole('link', { name: /^After-Sun Soothing Lotion/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Category: Skin Care' })).toBeTruthy();
    expect(screen.queryByTestId('error')).toBeNull();
  });
});
