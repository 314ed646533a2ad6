import { router } from 'expo-router';
import { Text } from 'react-native';

import { signOut } from '@/features/auth/authThunks';
import { useAppDispatch, useAppSelector } from '@/store/hooks';
import { Button } from '@/ui/Button';
import { Screen } from '@/ui/Screen';
import { text } from '@/ui/theme';

export function ProfileScreen() {
  const dispatch = useAppDispatch();
  const session = useAppSelector((state) => state.auth.session);

  return (
    <Screen testID="profile-screen" scroll>
      <Text style={text.title} accessibilityRole="header">
        {session ? 'Your account' : 'Welcome to BStore'}
      </Text>
      {session ? (
        <>
          <Text style={text.body}>Signed in as {session.email}</Text>
          <Button title="My orders" variant="secondary" onPress={() => router.navigate('/orders')} />
          <Button title="Sign out" variant="danger" onPress={() => dispatch(signOut())} />
        </>
      ) : (
        <>
          <Text style={text.body}>Sign in to keep a wishlist, check out and follow your orders.</Text>
          <Button title="Go to the sign-in page" onPress={() => router.push('/sign-in')} />
          <Button title="Sign up" variant="secondary" onPress={() => router.push('/sign-up')} />
        </>
      )}
    </Screen>
  );
}
