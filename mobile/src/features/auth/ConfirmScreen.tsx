import { router, useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { Text } from 'react-native';

import { useAppDispatch } from '@/store/hooks';
import { Button } from '@/ui/Button';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { text } from '@/ui/theme';
import { confirmSignUp, resendCode } from './authThunks';
import { FormMessage } from './FormMessage';
import { useSubmit } from './useSubmit';

export function ConfirmScreen() {
  const params = useLocalSearchParams<{ email?: string }>();
  const dispatch = useAppDispatch();
  const [email, setEmail] = useState(params.email ?? '');
  const [code, setCode] = useState('');
  const [info, setInfo] = useState<string | null>(null);
  const confirm = useSubmit(async () => {
    const signedIn = await dispatch(confirmSignUp({ email, code })).unwrap();
    if (signedIn) router.replace('/');
    else router.replace({ pathname: '/sign-in', params: { email } });
  });
  const resend = useSubmit(async () => {
    setInfo(null);
    await dispatch(resendCode(email)).unwrap();
    setInfo(`We sent a new code to ${email}.`);
  });

  return (
    <Screen testID="confirm-screen" scroll>
      <Text style={text.title} accessibilityRole="header">
        Confirm your email
      </Text>
      <Text style={text.body}>Enter the code we emailed you.</Text>
      {params.email ? null : <TextField label="Email" value={email} onChangeText={setEmail} autoCapitalize="none" inputMode="email" />}
      <TextField label="Confirmation code" value={code} onChangeText={setCode} inputMode="numeric" autoComplete="one-time-code" onSubmitEditing={() => confirm.submit()} />
      <FormMessage error={confirm.error ?? resend.error} info={info} />
      <Button title="Confirm" busy={confirm.busy} disabled={!email || !code} onPress={() => confirm.submit()} />
      <Button title="Email me a new code" variant="link" busy={resend.busy} disabled={!email} onPress={() => resend.submit()} />
    </Screen>
  );
}
