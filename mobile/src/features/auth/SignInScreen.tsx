import { router, useLocalSearchParams, type Href } from 'expo-router';
import { useState } from 'react';
import { Text } from 'react-native';

import { useAppDispatch, useAppSelector } from '@/store/hooks';
import { Button } from '@/ui/Button';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { text } from '@/ui/theme';
import { signIn } from './authThunks';
import { FormMessage } from './FormMessage';
import { useSubmit } from './useSubmit';

export function SignInScreen() {
  const params = useLocalSearchParams<{ email?: string; next?: string }>();
  const dispatch = useAppDispatch();
  const notice = useAppSelector((state) => state.auth.notice);
  const [email, setEmail] = useState(params.email ?? '');
  const [password, setPassword] = useState('');
  const { submit, busy, error } = useSubmit(async () => {
    await dispatch(signIn({ email, password })).unwrap();
    router.replace((params.next ?? '/') as Href);
  });

  return (
    <Screen testID="sign-in-screen" scroll>
      <Text style={text.title} accessibilityRole="header">
        Welcome back
      </Text>
      {notice ? <FormMessage error={notice} /> : null}
      <TextField label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" autoComplete="email" keyboardType="email-address" inputMode="email" />
      <TextField label="Password" value={password} onChangeText={setPassword} secureTextEntry autoComplete="current-password" onSubmitEditing={() => submit()} />
      <FormMessage error={error} />
      <Button title="Sign in" busy={busy} disabled={!email || !password} onPress={() => submit()} />
      <Button title="Forgot password?" variant="link" onPress={() => router.push({ pathname: '/forgot-password', params: { email } })} />
      <Button title="No account yet? Sign up" variant="link" onPress={() => router.push('/sign-up')} />
    </Screen>
  );
}
