import { waitFor } from '@testing-library/react-native';

import { signedIn } from '@/features/auth/authSlice';
import { mockFetch, recorded } from '@test/http';
import { makeTestStore, session } from '@test/render';
import { guestCartSlice, guestItemAdded, guestItemRemoved, guestQuantitySet } from '../guestCartSlice';

const line = { productId: 'p', name: 'P', imageUrl: null, unitPrice: 10, currency: 'USD', quantity: 3, availableQuantity: 5 };
const { reducer } = guestCartSlice;

describe('guest cart', () => {
  it('adds, caps by stock and 99, changes and removes lines', () => {
    let state = reducer(undefined, guestItemAdded(line));
    state = reducer(state, guestItemAdded({ ...line, quantity: 4 }));
    expect(state.lines).toEqual([{ ...line, quantity: 5 }]);
    state = reducer(state, guestItemAdded({ ...line, productId: 'q', quantity: 150, availableQuantity: 500 }));
    expect(state.lines[1].quantity).toBe(99);
    state = reducer(state, guestQuantitySet({ productId: 'p', quantity: 2 }));
    expect(state.lines[0].quantity).toBe(2);
    state = reducer(state, guestQuantitySet({ productId: 'p', quantity: 0 }));
    state = reducer(state, guestItemRemoved('q'));
    expect(state.lines).toEqual([]);
  });

  it('merges into the account at sign-in, then empties', async () => {
    const http = mockFetch([{ method: 'POST', path: '/api/cart/merge', reply: recorded('cart-merge') }]);
    const store = makeTestStore();
    store.dispatch(guestItemAdded(line));
    store.dispatch(signedIn(session));
    await waitFor(() => expect(store.getState().guestCart.lines).toEqual([]));
    expect(http.to('POST', '/api/cart/merge')[0]).toMatchObject({
      body: { items: [{ productId: 'p', quantity: 3 }] },
      headers: { Authorization: 'Bearer access-token' },
    });
  });

  it('keeps the guest cart when the merge fails', async () => {
    mockFetch([{ method: 'POST', path: '/api/cart/merge', reply: 'offline' }]);
    const store = makeTestStore();
    store.dispatch(guestItemAdded(line));
    store.dispatch(signedIn(session));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.getState().guestCart.lines).toHaveLength(1);
  });
});
