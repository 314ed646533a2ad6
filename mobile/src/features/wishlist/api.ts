import { api } from '@/api/api';
import type { CartLineChange, Wishlist } from '@/api/types';

export const wishlistApi = api.injectEndpoints({
  endpoints: (build) => ({
    getWishlist: build.query<Wishlist, void>({
      query: () => '/api/wishlist',
      providesTags: ['Wishlist'],
    }),
    addToWishlist: build.mutation<void, string>({
      query: (productId) => ({ url: `/api/wishlist/${encodeURIComponent(productId)}`, method: 'PUT' }),
      invalidatesTags: ['Wishlist', 'Notifications'],
    }),
    removeFromWishlist: build.mutation<void, string>({
      query: (productId) => ({ url: `/api/wishlist/${encodeURIComponent(productId)}`, method: 'DELETE' }),
      async onQueryStarted(productId, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          wishlistApi.util.updateQueryData('getWishlist', undefined, (wishlist) => {
            wishlist.items = wishlist.items.filter((i) => i.productId !== productId);
          }),
        );
        queryFulfilled.catch(patch.undo);
      },
      invalidatesTags: ['Wishlist', 'Notifications'],
    }),
    moveToCart: build.mutation<CartLineChange, string>({
      query: (productId) => ({ url: `/api/wishlist/${encodeURIComponent(productId)}/move-to-cart`, method: 'POST' }),
      invalidatesTags: ['Wishlist', 'Cart', 'Notifications'],
    }),
  }),
});

export const { useGetWishlistQuery, useAddToWishlistMutation, useRemoveFromWishlistMutation, useMoveToCartMutation } =
  wishlistApi;
