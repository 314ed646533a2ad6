import { Text } from 'react-native';

import { colors, text } from '@/ui/theme';

export function FormMessage({ error, info }: { error?: string | null; info?: string | null }) {
  if (error) {
    return (
      <Text accessibilityRole="alert" style={text.error}>
        {error}
      </Text>
    );
  }
  return info ? (
    <Text accessibilityLiveRegion="polite" style={[text.body, { color: colors.success }]}>
      {info}
    </Text>
  ) : null;
}
