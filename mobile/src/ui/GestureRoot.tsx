import type { ReactNode } from 'react';
import { View } from 'react-native';

/** The web has no swipe gestures here, so it skips gesture-handler (and Reanimated) altogether. */
export function GestureRoot({ children }: { children: ReactNode }) {
  return <View style={{ flex: 1 }}>{children}</View>;
}
