export { CheckoutScreen as default } from '@/features/orders/CheckoutScreen';
