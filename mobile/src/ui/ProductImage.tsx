import { Image, type ImageStyle } from 'expo-image';
import type { StyleProp } from 'react-native';

import { reachable } from '@/config/apiUrl';
import { colors } from './theme';

/** A product picture (SVG or bitmap); decorative, since the product name is always next to it. */
export function ProductImage({ uri, style }: { uri: string | null; style: StyleProp<ImageStyle> }) {
  return (
    <Image
      source={uri ? { uri: reachable(uri) } : null}
      style={[{ backgroundColor: colors.surface }, style]}
      contentFit="contain"
      accessible={false}
      transition={150}
    />
  );
}
