import type { ProductDetail } from '@/api/types';
import { useSignedIn } from '@/features/auth/useAuth';
import { useAppDispatch } from '@/store/hooks';
import { useGetCartQuery, useSetCartQuantityMutation } from './api';
import { guestItemAdded, maxLineQuantity } from './guestCartSlice';

/** Adds to the account's cart when signed in, else to the guest cart on the device. */
export function useAddToCart() {
  const signedIn = useSignedIn();
  const dispatch = useAppDispatch();
  const cart = useGetCartQuery(undefined, { skip: !signedIn });
  const [setQuantity, state] = useSetCartQuantityMutation();

  async function addToCart(product: ProductDetail, quantity: number): Promise<void> {
    if (!signedIn) {
      dispatch(
        guestItemAdded({
          productId: product.id,
          name: product.name,
          imageUrl: product.imageUrls[0] ?? null,
          unitPrice: product.price,
          currency: product.currency,
          quantity,
          availableQuantity: product.availableQuantity,
        }),
      );
      return;
    }
    const inCart = cart.data?.lines.find((line) => line.productId === product.id)?.quantity ?? 0;
    const total = Math.min(inCart + quantity, product.availableQuantity, maxLineQuantity);
    await setQuantity({ productId: product.id, quantity: total }).unwrap();
  }

  return { addToCart, isLoading: state.isLoading, error: state.error };
}
