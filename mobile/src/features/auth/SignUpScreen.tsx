import { router } from 'expo-router';
import { useState } from 'react';
import { Text } from 'react-native';

import { useAppDispatch } from '@/store/hooks';
import { Button } from '@/ui/Button';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { text } from '@/ui/theme';
import { signUp } from './authThunks';
import { FormMessage } from './FormMessage';
import { useSubmit } from './useSubmit';

export const passwordRule = 'At least 8 characters, with upper and lower case letters, a number and a symbol.';

export function SignUpScreen() {
  const dispatch = useAppDispatch();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { submit, busy, error } = useSubmit(async () => {
    await dispatch(signUp({ email, password })).unwrap();
    router.push({ pathname: '/confirm', params: { email: email.trim().toLowerCase() } });
  });

  return (
    <Screen testID="sign-up-screen" scroll>
      <Text style={text.title} accessibilityRole="header">
        Create your BStore account
      </Text>
      <TextField label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" autoComplete="email" keyboardType="email-address" inputMode="email" />
      <TextField label="Password" value={password} onChangeText={setPassword} secureTextEntry autoComplete="new-password" />
      <Text style={text.muted}>{passwordRule}</Text>
      <FormMessage error={error} />
      <Button title="Create account" busy={busy} disabled={!email || !password} onPress={() => submit()} />
      <Button title="I already have an account" variant="link" onPress={() => router.push('/sign-in')} />
    </Screen>
  );
}
