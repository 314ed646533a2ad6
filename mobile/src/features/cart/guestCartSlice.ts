import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

import { hydrate } from '@/store/hydrate';

/** A line of the cart a guest fills on the device; merged into the account at sign-in. */
export interface GuestCartLine {
  productId: string;
  name: string;
  imageUrl: string | null;
  unitPrice: number;
  currency: string;
  quantity: number;
  availableQuantity: number;
}

export const maxLineQuantity = 99;

const clamp = (quantity: number, available: number) => Math.max(0, Math.min(quantity, available, maxLineQuantity));

export const guestCartSlice = createSlice({
  name: 'guestCart',
  initialState: { lines: [] as GuestCartLine[] },
  reducers: {
    /** Adds `quantity` of a product (capped by stock and 99). */
    guestItemAdded(state, action: PayloadAction<GuestCartLine>) {
      const line = state.lines.find((l) => l.productId === action.payload.productId);
      if (line) {
        line.quantity = clamp(line.quantity + action.payload.quantity, action.payload.availableQuantity);
        line.availableQuantity = action.payload.availableQuantity;
      } else {
        state.lines.push({ ...action.payload, quantity: clamp(action.payload.quantity, action.payload.availableQuantity) });
      }
    },
    guestQuantitySet(state, action: PayloadAction<{ productId: string; quantity: number }>) {
      const line = state.lines.find((l) => l.productId === action.payload.productId);
      if (!line) return;
      line.quantity = clamp(action.payload.quantity, line.availableQuantity);
      if (line.quantity === 0) state.lines = state.lines.filter((l) => l !== line);
    },
    guestItemRemoved(state, action: PayloadAction<string>) {
      state.lines = state.lines.filter((l) => l.productId !== action.payload);
    },
    guestCartCleared(state) {
      state.lines = [];
    },
  },
  extraReducers: (builder) =>
    builder.addCase(hydrate, (state, action) => {
      if (action.payload.guestCart) state.lines = action.payload.guestCart;
    }),
});

export const { guestItemAdded, guestQuantitySet, guestItemRemoved, guestCartCleared } = guestCartSlice.actions;
