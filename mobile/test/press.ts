import { fireEvent, screen } from '@testing-library/react-native';

/** Presses the button (or link) with this accessible name. */
export async function press(name: string | RegExp, role: 'button' | 'link' | 'menuitem' = 'button') {
  await fireEvent.press(screen.getByRole(role, { name }));
}

/** Types into the input labelled `label`. */
export async function type(label: string, text: string) {
  await fireEvent.changeText(screen.getByLabelText(label), text);
}
