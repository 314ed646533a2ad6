import type { OrderStatus, PaymentStatus } from '@/api/types';

export const progressSteps: OrderStatus[] = ['placed', 'confirmed', 'packed', 'shipped', 'delivered'];

export const statusLabel: Record<OrderStatus, string> = {
  placed: 'Placed',
  confirmed: 'Confirmed',
  packed: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export const paymentLabel: Record<PaymentStatus, string> = {
  pending: 'waiting to be charged',
  paid: 'paid',
  declined: 'declined by the card issuer',
  refunded: 'refunded',
  not_charged: 'not charged (cancelled before payment)',
};

export const cancellable = (status: OrderStatus) => status === 'placed' || status === 'confirmed' || status === 'packed';
export const inProgress = (status: OrderStatus) => status !== 'delivered' && status !== 'cancelled';

export const cancelReason: Record<string, string> = {
  cancelled_by_shopper: 'You cancelled this order.',
  payment_declined: 'The payment was declined.',
  fulfilment_failed: 'We could not fulfil this order.',
};
