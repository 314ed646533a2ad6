import { useSignedIn } from '@/features/auth/useAuth';
import { useAppSelector } from '@/store/hooks';
import { usePreviewPromotionQuery } from './api';

/** The promo code applied in the cart and what it takes off (a signed-in shopper's cart only). */
export function usePromotion() {
  const signedIn = useSignedIn();
  const code = useAppSelector((state) => state.checkout.promoCode);
  const preview = usePreviewPromotionQuery(code ?? '', { skip: !signedIn || !code });
  const applicable = !!code && preview.data?.applicable === true && preview.data.code === code.toUpperCase();
  return { code, preview, discount: applicable ? preview.data!.discount : 0 };
}
