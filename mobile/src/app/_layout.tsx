import { Stack } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { Provider } from 'react-redux';

import { Startup } from '@/features/startup/Startup';
import { makeStore } from '@/store/store';
import { GestureRoot } from '@/ui/GestureRoot';
import { colors } from '@/ui/theme';

const store = makeStore();

export default function RootLayout() {
  return (
    <GestureRoot>
      <Provider store={store}>
        <Startup store={store}>
          <Stack screenOptions={{ headerTintColor: colors.primary, contentStyle: { backgroundColor: colors.background } }}>
            <Stack.Screen name="(tabs)" options={{ headerShown: false, title: 'BStore' }} />
            <Stack.Screen name="product/[id]" options={{ title: 'Product' }} />
            <Stack.Screen name="orders/[id]" options={{ title: 'Order' }} />
            <Stack.Screen name="checkout" options={{ title: 'Checkout' }} />
            <Stack.Screen name="sign-in" options={{ title: 'Sign in' }} />
            <Stack.Screen name="sign-up" options={{ title: 'Create account' }} />
            <Stack.Screen name="confirm" options={{ title: 'Confirm your email' }} />
            <Stack.Screen name="forgot-password" options={{ title: 'Reset password' }} />
          </Stack>
        </Startup>
        <StatusBar style="dark" />
      </Provider>
    </GestureRoot>
  );
}
