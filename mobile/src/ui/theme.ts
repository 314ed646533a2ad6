import { StyleSheet } from 'react-native';

/** Colours chosen for contrast: every text colour is at least 4.5:1 on its background (WCAG AA). */
export const colors = {
  background: '#FFFFFF',
  surface: '#FDF2F8',
  border: '#D9CFD5',
  text: '#1F1A1D',
  muted: '#5B4F56',
  primary: '#9D174D',
  onPrimary: '#FFFFFF',
  danger: '#B42318',
  success: '#166534',
  warning: '#92400E',
  focus: '#2563EB',
};

export const space = { xs: 4, s: 8, m: 12, l: 16, xl: 24 };

export const text = StyleSheet.create({
  title: { fontSize: 22, fontWeight: '700', color: colors.text },
  heading: { fontSize: 17, fontWeight: '700', color: colors.text },
  body: { fontSize: 15, color: colors.text },
  muted: { fontSize: 14, color: colors.muted },
  error: { fontSize: 14, color: colors.danger },
});
