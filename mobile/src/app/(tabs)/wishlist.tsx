export { WishlistScreen as default } from '@/features/wishlist/WishlistScreen';
