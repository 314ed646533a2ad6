import { recorded } from '@test/http';
import type { Problem } from '../types';
import { describeError, fieldErrors } from '../problems';

const problem = (name: string) => {
  const { status, body } = recorded(name);
  return { status, problem: body as Problem };
};

describe('describeError', () => {
  it.each([
    ['product-not-found', 'Product not found.'],
    ['order-empty-cart', 'Your cart is empty. Add something before checking out.'],
    ['promotion-unknown', 'Unknown promo code.'],
    ['cart-unauthorized', 'Please sign in again to continue.'],
    ['order-invalid', 'Country must be a two-letter ISO 3166-1 code in capitals, such as FR.'],
    ['products-bad-limit', 'Limit must be a whole number from 1 to 100.'],
  ])('turns the recorded %s problem into words', (name, words) => {
    expect(describeError(problem(name))).toBe(words);
  });

  it('says how many are left when there is not enough stock', () => {
    const tooMany = problem('cart-put-too-many');
    expect(describeError(tooMany)).toBe(`Only ${tooMany.problem.availableQuantity} left in stock.`);
    expect(describeError({ status: 409, problem: { ...tooMany.problem, availableQuantity: 0 } })).toBe('Sorry, this product is out of stock.');
  });

  it('explains a failed connection, server trouble and rate limits', () => {
    expect(describeError({ status: 'offline' })).toMatch(/offline/);
    expect(describeError({ status: 503, problem: { title: 'Service Unavailable' } })).toMatch(/having trouble/);
    expect(describeError({ status: 429, problem: {} })).toMatch(/going a little fast/);
    expect(describeError({ status: 409, problem: { title: 'Too late to cancel' } })).toMatch(/already shipped/);
    expect(describeError(new Error('boom'))).toBe('boom');
  });
});

describe('fieldErrors', () => {
  it('names fields without the shippingAddress. prefix', () => {
    expect(fieldErrors(problem('order-invalid'))).toEqual({
      country: 'Country must be a two-letter ISO 3166-1 code in capitals, such as FR.',
    });
    expect(fieldErrors({ status: 'offline' })).toEqual({});
  });
});
