import { screen, waitFor } from '@testing-library/react-native';
import { router } from 'expo-router';

import type { Order } from '@/api/types';
import { promoApplied } from '@/features/orders/checkoutSlice';
import { backgroundRoutes, mockFetch, recorded, type Route } from '@test/http';
import { press, type } from '@test/press';
import { makeTestStore, renderWithStore } from '@test/render';
import { CheckoutScreen, validateAddress } from '../CheckoutScreen';

const placed = recorded('order-placed').body as Order;
const cartRoutes: Route[] = [...backgroundRoutes, { path: '/api/cart', reply: recorded('cart') }];

async function fillAddress(country = 'fr') {
  await type('Full name', 'Ana Lima');
  await type('Address line 1', '1 Rue de la Paix');
  await type('City', 'Lyon');
  await type('Postal code', '69001');
  await type('Country', country);
}

describe('CheckoutScreen', () => {
  it('asks a guest to sign in', async () => {
    await renderWithStore(<CheckoutScreen />);
    expect(screen.getByTestId('checkout-screen')).toBeTruthy();
    expect(screen.getByText('Sign in to check out.')).toBeTruthy();
  });

  it('shows loading, then the review of the cart', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/cart', reply: recorded('cart'), delay: 50 }]);
    await renderWithStore(<CheckoutScreen />, { signedIn: true });
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(await screen.findByText('2 × Vitamin C Brightening Serum')).toBeTruthy();
    expect(screen.getByTestId('checkout-total')).toHaveTextContent('$89.75');
  });

  it('places the order with the promo code and an idempotency key, then opens it', async () => {
    const http = mockFetch([
      ...cartRoutes,
      { path: '/api/promotions/WELCOME10', reply: recorded('promotion') },
      { method: 'POST', path: '/api/orders', reply: recorded('order-placed') },
    ]);
    const store = makeTestStore({ signedIn: true });
    store.dispatch(promoApplied('WELCOME10'));
    await renderWithStore(<CheckoutScreen />, { store });
    await screen.findByText('2 × Vitamin C Brightening Serum');
    await waitFor(() => expect(screen.getByTestId('checkout-discount')).toHaveTextContent('−$8.98'));
    await fillAddress();
    await press('Place order');
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith(`/orders/${placed.id}`));
    const [order] = http.to('POST', '/api/orders');
    expect(order.headers['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(order.body).toEqual({
      shippingAddress: { fullName: 'Ana Lima', line1: '1 Rue de la Paix', city: 'Lyon', postalCode: '69001', country: 'FR' },
      promoCode: 'WELCOME10',
    });
    // The placed order used up the key and the promo code: a next checkout is a new attempt.
    expect(store.getState().checkout.promoCode).toBeNull();
    expect(store.getState().checkout.idempotencyKey).not.toBe(order.headers['Idempotency-Key']);
  });

  it('retries with the same idempotency key after a failed connection', async () => {
    const http = mockFetch([
      ...cartRoutes,
      { method: 'POST', path: '/api/orders', reply: 'offline', times: 1 },
      { method: 'POST', path: '/api/orders', reply: recorded('order-replayed') },
    ]);
    await renderWithStore(<CheckoutScreen />, { signedIn: true });
    await screen.findByText('2 × Vitamin C Brightening Serum');
    await fillAddress();
    await press('Place order');
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
    await press('Place order');
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith(`/orders/${placed.id}`));
    const keys = http.to('POST', '/api/orders').map((c) => c.headers['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('checks the address before sending it', async () => {
    const http = mockFetch(cartRoutes);
    await renderWithStore(<CheckoutScreen />, { signedIn: true });
    await screen.findByText('2 × Vitamin C Brightening Serum');
    await type('Country', 'F');
    await press('Place order');
    expect(screen.getByText('Enter your full name.')).toBeTruthy();
    expect(screen.getByText('Use the two-letter country code, such as US or FR.')).toBeTruthy();
    expect(http.to('POST', '/api/orders')).toHaveLength(0);
    expect(validateAddress({ fullName: 'A', line1: 'B', line2: '', city: 'C', region: '', postalCode: '1', country: 'FR', phone: 'x' })).toEqual({
      phone: 'Use digits, spaces and + - ( ) only.',
    });
  });

  it('shows the API’s field errors next to the fields and other problems in words', async () => {
    mockFetch([
      ...cartRoutes,
      { method: 'POST', path: '/api/orders', reply: recorded('order-invalid'), times: 1 },
      { method: 'POST', path: '/api/orders', reply: recorded('order-empty-cart') },
    ]);
    await renderWithStore(<CheckoutScreen />, { signedIn: true });
    await screen.findByText('2 × Vitamin C Brightening Serum');
    await fillAddress('ZZ');
    await press('Place order');
    expect(await screen.findAllByText('Country must be a two-letter ISO 3166-1 code in capitals, such as FR.')).toHaveLength(2);
    await press('Place order');
    expect(await screen.findByText('Your cart is empty. Add something before checking out.')).toBeTruthy();
  });

  it('says an empty cart cannot be checked out', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/cart', reply: recorded('cart-empty') }]);
    await renderWithStore(<CheckoutScreen />, { signedIn: true });
    expect(await screen.findByText('Your cart is empty.')).toBeTruthy();
  });

  it('shows an error when the cart cannot be read', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/cart', reply: 'offline' }]);
    await renderWithStore(<CheckoutScreen />, { signedIn: true });
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
  });
});
