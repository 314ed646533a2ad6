// Shapes of the BStore API (test/fixtures/openapi.json), checked against recorded answers in test/fixtures/recorded.

export type Availability = 'in_stock' | 'low_stock' | 'out_of_stock';

export interface ClientConfig {
  apiBaseUrl: string;
  region: string;
  cognito: { userPoolId: string; clientId: string; endpoint: string | null };
  imagesBaseUrl: string;
}

export interface Rating {
  average: number | null;
  count: number;
}

export interface Category {
  id: string;
  name: string;
  description: string;
  imageUrl: string | null;
  productCount: number;
}

export interface ProductSummary {
  id: string;
  name: string;
  brand: string;
  categoryId: string;
  price: number;
  currency: string;
  imageUrl: string | null;
  availability: Availability;
  availableQuantity: number;
  rating: Rating;
}

export interface ProductDetail extends Omit<ProductSummary, 'imageUrl'> {
  description: string;
  tags: string[];
  imageUrls: string[];
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ProductSort = 'name' | 'price_asc' | 'price_desc' | 'newest' | 'rating';

export interface Review {
  productId: string;
  displayName: string;
  rating: number;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  verifiedPurchase: boolean;
}

export interface ReviewPage extends Page<Review> {
  rating: Rating;
}

export type CartLineStatus = 'ok' | 'insufficient_stock' | 'unavailable';

export interface CartLine {
  productId: string;
  name: string | null;
  imageUrl: string | null;
  unitPrice: number | null;
  quantity: number;
  lineTotal: number | null;
  status: CartLineStatus;
  availableQuantity: number;
}

export interface Cart {
  lines: CartLine[];
  subtotal: number;
  itemCount: number;
  currency: string | null;
  version: number;
}

export interface CartLineChange {
  productId: string;
  quantity: number;
  version: number | null;
}

export interface MergeCartResult {
  cart: Cart;
  unknownProductIds: string[];
  adjusted: { productId: string; requested: number; quantity: number }[];
}

export interface WishlistItem {
  productId: string;
  name: string;
  brand: string;
  price: number;
  currency: string;
  imageUrl: string | null;
  availability: Availability;
  addedAt: string;
}

export interface Wishlist {
  items: WishlistItem[];
}

export interface PromotionPreview {
  code: string;
  description: string;
  kind: string;
  value: number;
  applicable: boolean;
  reason: string | null;
  subtotal: number;
  discount: number;
  total: number;
  currency: string;
}

export interface ShippingAddress {
  fullName: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  country: string;
  phone?: string | null;
}

export type OrderStatus = 'placed' | 'confirmed' | 'packed' | 'shipped' | 'delivered' | 'cancelled';

export interface OrderLine {
  productId: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface OrderStatusChange {
  status: OrderStatus;
  at: string;
  reason: string | null;
}

export interface Order {
  id: string;
  status: OrderStatus;
  lines: OrderLine[];
  subtotal: number;
  discount: number;
  total: number;
  currency: string;
  promoCode: string | null;
  shippingAddress: ShippingAddress;
  timeline: OrderStatusChange[];
  createdAt: string;
  paymentStatus: PaymentStatus;
}

/** `not_charged`: cancelled before the card was charged. */
export type PaymentStatus = 'pending' | 'paid' | 'declined' | 'refunded' | 'not_charged';

export interface OrderSummary {
  id: string;
  status: OrderStatus;
  itemCount: number;
  total: number;
  currency: string;
  createdAt: string;
}

export interface PlaceOrderRequest {
  shippingAddress: ShippingAddress;
  promoCode?: string;
}

export interface Notification {
  id: string;
  type: string;
  productId: string | null;
  productName: string | null;
  quantity: number | null;
  message: string;
  at: string;
  read: boolean;
}

export interface NotificationPage extends Page<Notification> {
  unreadCount: number;
}

/** RFC 7807 problem details, as every API error is sent. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  availableQuantity?: number;
  lines?: { productId: string; reason: string; requested: number; available: number }[];
}
