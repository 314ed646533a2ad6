import type { Problem } from './types';

/** What a failed API call leaves behind: the answer's problem details, or no answer at all. */
export type ApiError = { status: number; problem: Problem } | { status: 'offline' };

export function isApiError(error: unknown): error is ApiError {
  return typeof error === 'object' && error !== null && 'status' in error;
}

const byTitle: Record<string, string> = {
  'Cart is empty': 'Your cart is empty. Add something before checking out.',
  'Some items cannot be ordered': 'Some items in your cart are no longer available in that quantity. Check your cart and try again.',
  'Idempotency key reused': 'This order was already placed with different details. Please review and place it again.',
  'Too late to cancel': 'This order has already shipped, so it can no longer be cancelled.',
  'Checkout busy': 'Your cart changed while the order was being placed. Please try again.',
  'Order busy': 'The order is being updated right now. Please try again in a moment.',
};

const byStatus: Record<number, string> = {
  401: 'Please sign in again to continue.',
  403: 'You are not allowed to do that.',
  404: 'We could not find that.',
  412: 'Your cart changed on another device. We refreshed it; please try again.',
  413: 'That is too much to send at once.',
  429: 'You are going a little fast. Wait a moment and try again.',
};

/** Words a shopper understands, from any error an API hook or thunk can produce. */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : 'Something went wrong. Please try again.';
  if (error.status === 'offline') return "You're offline or the store can't be reached. Check your connection and try again.";
  const { problem, status } = error;
  if (status === 409 && problem.availableQuantity !== undefined) {
    return problem.availableQuantity === 0
      ? 'Sorry, this product is out of stock.'
      : `Only ${problem.availableQuantity} left in stock.`;
  }
  if (problem.title && byTitle[problem.title]) return byTitle[problem.title];
  if (status >= 500) return 'The store is having trouble right now. Please try again in a moment.';
  if (status === 404 && problem.title) return `${problem.title}.`;
  if (byStatus[status]) return byStatus[status];
  const fields = Object.values(problem.errors ?? {}).flat();
  if (fields.length > 0) return fields.map(sentence).join(' ');
  return problem.detail ?? problem.title ?? 'Something went wrong. Please try again.';
}

/** Validation errors by field, the API's path prefix dropped: `shippingAddress.city` → `city`. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error) || error.status === 'offline') return {};
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(error.problem.errors ?? {})) {
    result[field.split('.').pop() ?? field] = sentence(messages[0] ?? '');
  }
  return result;
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
