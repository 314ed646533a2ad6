import { api } from '@/api/api';
import type { Order, OrderSummary, Page, PlaceOrderRequest } from '@/api/types';

export const ordersApi = api.injectEndpoints({
  endpoints: (build) => ({
    getOrders: build.query<Page<OrderSummary>, void>({
      query: () => '/api/orders?limit=50',
      providesTags: ['Orders'],
    }),
    getOrder: build.query<Order, string>({
      query: (id) => `/api/orders/${encodeURIComponent(id)}`,
      providesTags: (_result, _error, id) => [{ type: 'Orders', id }],
    }),
    placeOrder: build.mutation<Order, { idempotencyKey: string; order: PlaceOrderRequest }>({
      query: ({ idempotencyKey, order }) => ({
        url: '/api/orders',
        method: 'POST',
        body: order,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
      invalidatesTags: ['Orders', 'Cart', 'Notifications'],
    }),
    cancelOrder: build.mutation<Order, string>({
      query: (id) => ({ url: `/api/orders/${encodeURIComponent(id)}/cancel`, method: 'POST' }),
      invalidatesTags: (_result, _error, id) => ['Orders', { type: 'Orders', id }, 'Notifications'],
    }),
  }),
});

export const { useGetOrdersQuery, useGetOrderQuery, usePlaceOrderMutation, useCancelOrderMutation } = ordersApi;
