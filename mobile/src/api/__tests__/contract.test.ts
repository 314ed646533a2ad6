import { recorded } from '@test/http';

// The recorded answers (npm run record-fixtures) must keep the fields src/api/types.ts promises,
// so re-recording against a changed API fails here first.
const text = expect.any(String);
const number = expect.any(Number);

// average is null until the first review.
const rating = expect.objectContaining({ count: number });
const productSummary = {
  id: text, name: text, brand: text, categoryId: text, price: number, currency: text,
  imageUrl: text, availability: expect.stringMatching(/^(in_stock|low_stock|out_of_stock)$/), availableQuantity: number, rating,
};
const cartLine = {
  productId: text, name: text, imageUrl: text, unitPrice: number, quantity: number, lineTotal: number,
  status: expect.stringMatching(/^(ok|insufficient_stock|unavailable)$/), availableQuantity: number,
};
const order = {
  id: text, status: expect.stringMatching(/^(placed|confirmed|packed|shipped|delivered|cancelled)$/),
  lines: expect.arrayContaining([{ productId: text, name: text, unitPrice: number, quantity: number, lineTotal: number }]),
  subtotal: number, discount: number, total: number, currency: text,
  shippingAddress: expect.objectContaining({ fullName: text, line1: text, city: text, postalCode: text, country: text }),
  timeline: expect.arrayContaining([expect.objectContaining({ status: text, at: text })]),
  createdAt: text, paymentStatus: text,
};

describe('recorded API answers keep the shapes the app reads', () => {
  it.each([
    ['config', { apiBaseUrl: text, region: text, cognito: { userPoolId: text, clientId: text, endpoint: text }, imagesBaseUrl: text }],
    ['categories', { items: expect.arrayContaining([{ id: text, name: text, description: text, imageUrl: text, productCount: number }]) }],
    ['products-page1', { items: expect.arrayContaining([productSummary]), nextCursor: text }],
    ['product', { ...productSummary, imageUrl: undefined, description: text, tags: expect.any(Array), imageUrls: expect.arrayContaining([text]), createdAt: text }],
    ['reviews', { items: expect.arrayContaining([expect.objectContaining({ displayName: text, rating: number, title: text, body: text, createdAt: text, verifiedPurchase: expect.any(Boolean) })]), nextCursor: null, rating }],
    ['cart', { lines: expect.arrayContaining([cartLine]), subtotal: number, itemCount: number, currency: text, version: number }],
    ['cart-merge', { cart: expect.objectContaining({ lines: expect.any(Array) }), unknownProductIds: [text], adjusted: expect.any(Array) }],
    ['wishlist', { items: expect.arrayContaining([expect.objectContaining({ productId: text, name: text, brand: text, price: number, currency: text, imageUrl: text, availability: text })]) }],
    ['promotion', { code: text, description: text, kind: text, value: number, applicable: true, reason: null, subtotal: number, discount: number, total: number, currency: text }],
    ['order-placed', order],
    ['orders', { items: expect.arrayContaining([{ id: text, status: text, itemCount: number, total: number, currency: text, createdAt: text }]), nextCursor: null }],
    ['notifications', { items: expect.arrayContaining([expect.objectContaining({ id: text, type: text, message: text, at: text, read: expect.any(Boolean) })]), unreadCount: number, nextCursor: text }],
  ])('%s', (name, shape) => {
    const { body } = recorded(name);
    expect(body).toEqual(expect.objectContaining(Object.fromEntries(Object.entries(shape).filter(([, v]) => v !== undefined))));
  });

  it.each(['product-not-found', 'cart-put-too-many', 'order-invalid', 'order-empty-cart', 'promotion-unknown', 'cart-unauthorized'])(
    '%s is an RFC 7807 problem',
    (name) => {
      const { status, body } = recorded(name);
      expect(body).toEqual(expect.objectContaining({ type: text, title: text, status }));
    },
  );

  it('rates products with an average to one decimal, or null without reviews', () => {
    expect((recorded('product').body as { rating: { average: number | null } }).rating.average).toBeNull();
    expect((recorded('reviews').body as { rating: { average: number } }).rating.average).toBe(4);
  });
});
