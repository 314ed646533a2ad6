import { checkoutKeyRetired, checkoutSlice, checkoutStarted, orderPlaced, promoApplied } from '../checkoutSlice';

const { reducer } = checkoutSlice;

describe('checkout slice', () => {
  it('keeps one idempotency key per attempt until the order is placed', () => {
    let state = reducer(undefined, checkoutStarted('key-1'));
    state = reducer(state, checkoutStarted('key-2'));
    expect(state.idempotencyKey).toBe('key-1');
    state = reducer(state, promoApplied('GLOW5'));
    state = reducer(state, checkoutKeyRetired());
    state = reducer(state, checkoutStarted('key-3'));
    expect(state).toEqual({ idempotencyKey: 'key-3', promoCode: 'GLOW5' });
    expect(reducer(state, orderPlaced())).toEqual({ idempotencyKey: null, promoCode: null });
  });
});
