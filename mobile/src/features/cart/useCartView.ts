import type { CartLine } from '@/api/types';
import { useSignedIn } from '@/features/auth/useAuth';
import { useAppDispatch, useAppSelector } from '@/store/hooks';
import { useGetCartQuery, useRemoveFromCartMutation, useSetCartQuantityMutation } from './api';
import { guestItemRemoved, guestQuantitySet } from './guestCartSlice';

export interface CartView {
  lines: CartLine[];
  subtotal: number;
  currency: string;
  isLoading: boolean;
  /** Loading failed (data may still be there from before). */
  error: unknown;
  /** The last quantity change or removal failed. */
  changeError: unknown;
  refetch: () => void;
  setQuantity: (productId: string, quantity: number) => void;
  remove: (productId: string) => void;
}

/** One shape for the account's cart (from the API) and a guest's cart (on the device). */
export function useCartView(): CartView {
  const signedIn = useSignedIn();
  const dispatch = useAppDispatch();
  const guestLines = useAppSelector((state) => state.guestCart.lines);
  const cart = useGetCartQuery(undefined, { skip: !signedIn });
  const [setQuantity, setState] = useSetCartQuantityMutation();
  const [remove, removeState] = useRemoveFromCartMutation();

  if (signedIn) {
    return {
      lines: cart.data?.lines ?? [],
      subtotal: cart.data?.subtotal ?? 0,
      currency: cart.data?.currency ?? 'USD',
      isLoading: cart.isLoading,
      error: cart.error,
      changeError: setState.error ?? removeState.error,
      refetch: cart.refetch,
      setQuantity: (productId, quantity) => setQuantity({ productId, quantity }),
      remove: (productId) => remove(productId),
    };
  }
  const lines: CartLine[] = guestLines.map((line) => ({
    ...line,
    lineTotal: Math.round(line.unitPrice * line.quantity * 100) / 100,
    status: line.quantity > line.availableQuantity ? 'insufficient_stock' : 'ok',
  }));
  return {
    lines,
    subtotal: Math.round(lines.reduce((sum, line) => sum + (line.lineTotal ?? 0), 0) * 100) / 100,
    currency: guestLines[0]?.currency ?? 'USD',
    isLoading: false,
    error: undefined,
    changeError: undefined,
    refetch: () => {},
    setQuantity: (productId, quantity) => dispatch(guestQuantitySet({ productId, quantity })),
    remove: (productId) => dispatch(guestItemRemoved(productId)),
  };
}
