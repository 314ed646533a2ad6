import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export interface CheckoutState {
  /** One key per checkout attempt, kept across retries so a retried order is not placed twice. */
  idempotencyKey: string | null;
  /** The promo code the shopper applied in the cart, sent with the order. */
  promoCode: string | null;
}

const initialState: CheckoutState = { idempotencyKey: null, promoCode: null };

export const checkoutSlice = createSlice({
  name: 'checkout',
  initialState,
  reducers: {
    checkoutStarted(state, action: PayloadAction<string>) {
      state.idempotencyKey ??= action.payload;
    },
    /** After an answer that proves the key was used for other details: the next attempt needs a new key. */
    checkoutKeyRetired(state) {
      state.idempotencyKey = null;
    },
    promoApplied(state, action: PayloadAction<string | null>) {
      state.promoCode = action.payload;
    },
    orderPlaced() {
      return initialState;
    },
  },
});

export const { checkoutStarted, checkoutKeyRetired, promoApplied, orderPlaced } = checkoutSlice.actions;
