import { act, screen, waitFor } from '@testing-library/react-native';
import { router, useLocalSearchParams } from 'expo-router';

import type { Order } from '@/api/types';
import { backgroundRoutes, mockFetch, recorded } from '@test/http';
import { press } from '@test/press';
import { renderWithStore } from '@test/render';
import { OrderScreen } from '../OrderScreen';
import { OrdersScreen } from '../OrdersScreen';
import { statusLabel } from '../statusText';

const placed = recorded('order-placed').body as Order;
const listed = (recorded('orders').body as { items: Order[] }).items[0];
const orderPath = `/api/orders/${placed.id}`;

describe('OrdersScreen', () => {
  it('asks a guest to sign in', async () => {
    await renderWithStore(<OrdersScreen />);
    expect(screen.getByText('Sign in to see your orders.')).toBeTruthy();
  });

  it('shows loading, then the orders newest first', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/orders?limit=50', reply: recorded('orders'), delay: 50 }]);
    await renderWithStore(<OrdersScreen />, { signedIn: true });
    expect(screen.getByTestId('loading')).toBeTruthy();
    const row = await screen.findByRole('link', { name: new RegExp(`^Order of .*, 4 items, \\$92\\.92, ${statusLabel[listed.status]}$`) });
    expect(screen.getByTestId('orders-screen')).toBeTruthy();
    await press(/^Order of/, 'link');
    expect(row).toBeTruthy();
    expect(router.push).toHaveBeenCalledWith(`/orders/${placed.id}`);
  });

  it('shows no orders yet', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/orders?limit=50', reply: recorded('orders-empty') }]);
    await renderWithStore(<OrdersScreen />, { signedIn: true });
    expect(await screen.findByText('You have no orders yet.')).toBeTruthy();
  });

  it('shows an error with a retry', async () => {
    mockFetch([...backgroundRoutes, { path: '/api/orders?limit=50', reply: 'offline' }]);
    await renderWithStore(<OrdersScreen />, { signedIn: true });
    expect(await screen.findByText(/You're offline/)).toBeTruthy();
  });
});

describe('OrderScreen', () => {
  beforeEach(() => (useLocalSearchParams as jest.Mock).mockReturnValue({ id: placed.id }));

  it('shows loading, then the status, the timeline, lines and totals', async () => {
    mockFetch([...backgroundRoutes, { path: orderPath, reply: recorded('order-progress'), delay: 50 }]);
    await renderWithStore(<OrderScreen />, { signedIn: true });
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect(await screen.findByTestId('order-status')).toHaveTextContent('packed');
    expect(screen.getByTestId('order-screen')).toBeTruthy();
    expect(screen.getByText('Shipped (to come)')).toBeTruthy();
    expect(screen.getByText('Confirmed')).toBeTruthy();
    expect(screen.getByText('2 × Vitamin C Brightening Serum')).toBeTruthy();
    expect(screen.getByText('Discount (WELCOME10)')).toBeTruthy();
    expect(screen.getByText('$92.92')).toBeTruthy();
  });

  it('reads an order in progress again until it is done', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const http = mockFetch([
        ...backgroundRoutes,
        { path: orderPath, reply: recorded('order-placed'), times: 1 },
        { path: orderPath, reply: recorded('order-delivered') },
      ]);
      await renderWithStore(<OrderScreen />, { signedIn: true });
      expect(await screen.findByTestId('order-status')).toHaveTextContent('placed');
      await act(() => jest.advanceTimersByTimeAsync(5_000));
      await waitFor(() => expect(screen.getByTestId('order-status')).toHaveTextContent('delivered'));
      await act(() => jest.advanceTimersByTimeAsync(20_000));
      expect(http.to('GET', orderPath)).toHaveLength(2);
      expect(screen.queryByRole('button', { name: 'Cancel order' })).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('cancels an order that has not shipped', async () => {
    const http = mockFetch([
      ...backgroundRoutes,
      { path: orderPath, reply: recorded('order-placed'), times: 1 },
      { method: 'POST', path: `${orderPath}/cancel`, reply: recorded('order-cancelled') },
      { path: orderPath, reply: recorded('order-cancelled') },
    ]);
    await renderWithStore(<OrderScreen />, { signedIn: true });
    await screen.findByTestId('order-status');
    await press('Cancel order');
    await waitFor(() => expect(screen.getByTestId('order-status')).toHaveTextContent('cancelled'));
    expect(screen.getByText('You cancelled this order.')).toBeTruthy();
    expect(screen.getByText('Payment: refunded')).toBeTruthy();
    expect(http.to('POST', `${orderPath}/cancel`)).toHaveLength(1);
  });

  it('says when it is too late to cancel', async () => {
    mockFetch([
      ...backgroundRoutes,
      { path: orderPath, reply: recorded('order-placed') },
      { method: 'POST', path: `${orderPath}/cancel`, reply: { status: 409, body: { title: 'Too late to cancel', status: 409 } } },
    ]);
    await renderWithStore(<OrderScreen />, { signedIn: true });
    await screen.findByTestId('order-status');
    await press('Cancel order');
    expect(await screen.findByText('This order has already shipped, so it can no longer be cancelled.')).toBeTruthy();
  });

  it('shows a missing order in words', async () => {
    mockFetch([...backgroundRoutes, { path: orderPath, reply: { status: 404, body: { title: 'Order not found', status: 404 } } }]);
    await renderWithStore(<OrderScreen />, { signedIn: true });
    expect(await screen.findByText('Order not found.')).toBeTruthy();
  });
});
