import { router, useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { Text } from 'react-native';

import { useAppDispatch } from '@/store/hooks';
import { Button } from '@/ui/Button';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { text } from '@/ui/theme';
import { forgotPassword, resetPassword } from './authThunks';
import { FormMessage } from './FormMessage';
import { passwordRule } from './SignUpScreen';
import { useSubmit } from './useSubmit';

/** Forgot password → code by email → new password; then the shopper is signed in. */
export function ForgotPasswordScreen() {
  const params = useLocalSearchParams<{ email?: string }>();
  const dispatch = useAppDispatch();
  const [email, setEmail] = useState(params.email ?? '');
  const [codeSent, setCodeSent] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const send = useSubmit(async () => {
    await dispatch(forgotPassword(email)).unwrap();
    setCodeSent(true);
  });
  const reset = useSubmit(async () => {
    await dispatch(resetPassword({ email, code, password })).unwrap();
    router.replace('/');
  });

  return (
    <Screen testID="forgot-password-screen" scroll>
      <Text style={text.title} accessibilityRole="header">
        Reset your password
      </Text>
      <TextField label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" inputMode="email" editable={!codeSent} />
      {codeSent ? (
        <>
          <FormMessage info={`We emailed a code to ${email}.`} />
          <TextField label="Confirmation code" value={code} onChangeText={setCode} inputMode="numeric" autoComplete="one-time-code" />
          <TextField label="New password" value={password} onChangeText={setPassword} secureTextEntry autoComplete="new-password" />
          <Text style={text.muted}>{passwordRule}</Text>
          <FormMessage error={reset.error} />
          <Button title="Set new password" busy={reset.busy} disabled={!code || !password} onPress={() => reset.submit()} />
        </>
      ) : (
        <>
          <FormMessage error={send.error} />
          <Button title="Send code" busy={send.busy} disabled={!email} onPress={() => send.submit()} />
        </>
      )}
    </Screen>
  );
}
