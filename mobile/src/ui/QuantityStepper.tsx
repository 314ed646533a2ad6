import { StyleSheet, Text, View } from 'react-native';

import { Button } from './Button';
import { colors, space } from './theme';

interface Props {
  value: number;
  min?: number;
  max: number;
  onChange: (value: number) => void;
  /** Appended to the buttons' accessible names, e.g. ": Rose Lip Balm". */
  labelSuffix?: string;
  testID: string;
  disabled?: boolean;
}

export function QuantityStepper({ value, min = 1, max, onChange, labelSuffix = '', testID, disabled }: Props) {
  return (
    <View style={styles.row}>
      <Button
        title="−"
        compact
        variant="secondary"
        accessibilityLabel={`Decrease quantity${labelSuffix}`}
        disabled={disabled || value <= min}
        onPress={() => onChange(value - 1)}
      />
      <Text testID={testID} style={styles.value} accessibilityLabel={`Quantity ${value}`}>
        {value}
      </Text>
      <Button
        title="+"
        compact
        variant="secondary"
        accessibilityLabel={`Increase quantity${labelSuffix}`}
        disabled={disabled || value >= max}
        onPress={() => onChange(value + 1)}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', gap: space.s },
  value: { minWidth: 28, textAlign: 'center', fontSize: 16, fontWeight: '600', color: colors.text },
});
