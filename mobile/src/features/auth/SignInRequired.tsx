import { router } from 'expo-router';

import { Button } from '@/ui/Button';
import { EmptyState } from '@/ui/States';

/** What a guest sees on a screen that needs an account. */
export function SignInRequired({ message, next }: { message: string; next: string }) {
  return (
    <EmptyState
      message={message}
      action={<Button title="Go to the sign-in page" onPress={() => router.push({ pathname: '/sign-in', params: { next } })} />}
    />
  );
}
