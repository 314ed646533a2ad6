import { screen, waitFor } from '@testing-library/react-native';
import { router, useLocalSearchParams } from 'expo-router';

import { mockFetch, recorded } from '@test/http';
import { press, type } from '@test/press';
import { renderWithStore } from '@test/render';
import { ConfirmScreen } from '../ConfirmScreen';
import { ForgotPasswordScreen } from '../ForgotPasswordScreen';
import { SignInScreen } from '../SignInScreen';
import { SignUpScreen } from '../SignUpScreen';

const params = useLocalSearchParams as jest.Mock;

describe('SignInScreen', () => {
  it('signs in and goes where the shopper was headed', async () => {
    params.mockReturnValue({ next: '/checkout' });
    const http = mockFetch([{ method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin') }]);
    const { store } = await renderWithStore(<SignInScreen />);
    expect(screen.getByTestId('sign-in-screen')).toBeTruthy();
    await type('Email', 'ana@example.com');
    await type('Password', 'Lipstick-Red-42');
    await press('Sign in');
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/checkout'));
    expect(http.calls).toHaveLength(1);
    expect(store.getState().auth.status).toBe('signedIn');
  });

  it('shows why signing in failed and stays', async () => {
    params.mockReturnValue({ email: 'ana@example.com' });
    mockFetch([{ method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin-wrong') }]);
    await renderWithStore(<SignInScreen />);
    expect(screen.getByLabelText('Email').props.value).toBe('ana@example.com');
    await type('Password', 'nope');
    await press('Sign in');
    expect(await screen.findByText('The email or password is not right.')).toBeTruthy();
    expect(router.replace).not.toHaveBeenCalled();
  });

  it('leads to password reset and sign-up', async () => {
    params.mockReturnValue({});
    await renderWithStore(<SignInScreen />);
    await press('Forgot password?');
    expect(router.push).toHaveBeenCalledWith({ pathname: '/forgot-password', params: { email: '' } });
    await press('No account yet? Sign up');
    expect(router.push).toHaveBeenCalledWith('/sign-up');
  });
});

describe('SignUpScreen', () => {
  it('creates the account and goes to /confirm with the email', async () => {
    mockFetch([{ method: 'POST', path: 'cognito:SignUp', reply: recorded('cognito-signup') }]);
    await renderWithStore(<SignUpScreen />);
    expect(screen.getByTestId('sign-up-screen')).toBeTruthy();
    await type('Email', 'Ana@example.com');
    await type('Password', 'Lipstick-Red-42');
    await press('Create account');
    await waitFor(() => expect(router.push).toHaveBeenCalledWith({ pathname: '/confirm', params: { email: 'ana@example.com' } }));
  });

  it('explains a weak password', async () => {
    mockFetch([{ method: 'POST', path: 'cognito:SignUp', reply: { status: 400, body: { __type: 'InvalidPasswordException', message: 'x' } } }]);
    await renderWithStore(<SignUpScreen />);
    await type('Email', 'ana@example.com');
    await type('Password', 'short');
    await press('Create account');
    expect(await screen.findByText(/Choose a stronger password/)).toBeTruthy();
  });
});

describe('ConfirmScreen', () => {
  it('confirms and signs in straight after sign-up', async () => {
    params.mockReturnValue({ email: 'ana@example.com' });
    mockFetch([
      { method: 'POST', path: 'cognito:SignUp', reply: recorded('cognito-signup') },
      { method: 'POST', path: 'cognito:ConfirmSignUp', reply: recorded('cognito-confirm') },
      { method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin') },
    ]);
    const { store } = await renderWithStore(<ConfirmScreen />);
    store.dispatch({ type: 'auth/signUpStarted', payload: { email: 'ana@example.com', password: 'Lipstick-Red-42' } });
    await type('Confirmation code', '123456');
    await press('Confirm');
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/'));
    expect(store.getState().auth.status).toBe('signedIn');
  });

  it('goes to sign-in with the email when it has no password, and can resend the code', async () => {
    params.mockReturnValue({ email: 'ana@example.com' });
    const http = mockFetch([
      { method: 'POST', path: 'cognito:ConfirmSignUp', reply: recorded('cognito-confirm') },
      { method: 'POST', path: 'cognito:ResendConfirmationCode', reply: { status: 200, body: {} } },
    ]);
    await renderWithStore(<ConfirmScreen />);
    await press('Email me a new code');
    expect(await screen.findByText('We sent a new code to ana@example.com.')).toBeTruthy();
    await type('Confirmation code', '123456');
    await press('Confirm');
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith({ pathname: '/sign-in', params: { email: 'ana@example.com' } }));
    expect(http.to('POST', 'cognito:ResendConfirmationCode')[0].body).toMatchObject({ Username: 'ana@example.com' });
  });

  it('says a wrong code in words', async () => {
    params.mockReturnValue({ email: 'ana@example.com' });
    mockFetch([{ method: 'POST', path: 'cognito:ConfirmSignUp', reply: { status: 400, body: { __type: 'CodeMismatchException' } } }]);
    await renderWithStore(<ConfirmScreen />);
    await type('Confirmation code', '000000');
    await press('Confirm');
    expect(await screen.findByText('That code is not right. Check the email and try again.')).toBeTruthy();
  });
});

describe('ForgotPasswordScreen', () => {
  it('sends a code, then sets the new password and signs in', async () => {
    params.mockReturnValue({ email: 'ana@example.com' });
    const http = mockFetch([
      { method: 'POST', path: 'cognito:ForgotPassword', reply: recorded('cognito-forgot') },
      { method: 'POST', path: 'cognito:ConfirmForgotPassword', reply: { status: 200, body: {} } },
      { method: 'POST', path: 'cognito:InitiateAuth', reply: recorded('cognito-signin') },
    ]);
    await renderWithStore(<ForgotPasswordScreen />);
    expect(screen.queryByLabelText('New password')).toBeNull();
    await press('Send code');
    expect(await screen.findByText('We emailed a code to ana@example.com.')).toBeTruthy();
    await type('Confirmation code', '123456');
    await type('New password', 'Lipstick-Pink-43');
    await press('Set new password');
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/'));
    expect(http.to('POST', 'cognito:InitiateAuth')[0].body).toMatchObject({ AuthParameters: { PASSWORD: 'Lipstick-Pink-43' } });
  });

  it('says when the email has no account', async () => {
    params.mockReturnValue({});
    mockFetch([{ method: 'POST', path: 'cognito:ForgotPassword', reply: { status: 400, body: { __type: 'UserNotFoundException' } } }]);
    await renderWithStore(<ForgotPasswordScreen />);
    await type('Email', 'nobody@example.com');
    await press('Send code');
    expect(await screen.findByText('There is no account with this email.')).toBeTruthy();
  });
});
