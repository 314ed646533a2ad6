import { api } from '@/api/api';
import type { Cart, CartLineChange, MergeCartResult, PromotionPreview } from '@/api/types';

export const cartApi = api.injectEndpoints({
  endpoints: (build) => ({
    getCart: build.query<Cart, void>({
      query: () => '/api/cart',
      providesTags: ['Cart'],
    }),
    setCartQuantity: build.mutation<CartLineChange, { productId: string; quantity: number }>({
      query: ({ productId, quantity }) => ({
        url: `/api/cart/items/${encodeURIComponent(productId)}`,
        method: 'PUT',
        body: { quantity },
      }),
      // Show the new quantity at once; the cart is read again for prices and totals.
      async onQueryStarted({ productId, quantity }, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          cartApi.util.updateQueryData('getCart', undefined, (cart) => {
            const line = cart.lines.find((l) => l.productId === productId);
            if (line) line.quantity = quantity;
          }),
        );
        queryFulfilled.catch(patch.undo);
      },
      invalidatesTags: ['Cart', 'Notifications'],
    }),
    removeFromCart: build.mutation<void, string>({
      query: (productId) => ({ url: `/api/cart/items/${encodeURIComponent(productId)}`, method: 'DELETE' }),
      async onQueryStarted(productId, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          cartApi.util.updateQueryData('getCart', undefined, (cart) => {
            cart.lines = cart.lines.filter((l) => l.productId !== productId);
          }),
        );
        queryFulfilled.catch(patch.undo);
      },
      invalidatesTags: ['Cart', 'Notifications'],
    }),
    mergeCart: build.mutation<MergeCartResult, { productId: string; quantity: number }[]>({
      query: (items) => ({ url: '/api/cart/merge', method: 'POST', body: { items } }),
      invalidatesTags: ['Cart', 'Notifications'],
    }),
    previewPromotion: build.query<PromotionPreview, string>({
      query: (code) => `/api/promotions/${encodeURIComponent(code)}`,
      providesTags: ['Cart'],
    }),
  }),
});

export const {
  useGetCartQuery,
  useSetCartQuantityMutation,
  useRemoveFromCartMutation,
  useMergeCartMutation,
  usePreviewPromotionQuery,
} = cartApi;
