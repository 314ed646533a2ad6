import { useAppSelector } from '@/store/hooks';

export function useSignedIn(): boolean {
  return useAppSelector((state) => state.auth.status === 'signedIn');
}
