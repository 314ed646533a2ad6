import type { ClientConfig } from '@/api/types';
import { cognitoUrl } from '@/config/configSlice';

/** An error answered by Cognito's JSON API (`__type`), or a failed connection (`Offline`). */
export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Tokens {
  AccessToken: string;
  ExpiresIn: number;
  RefreshToken?: string;
}

/** One call to Cognito's user pool JSON API: POST {endpoint} with X-Amz-Target. No Amplify. */
export async function cognito<T>(config: ClientConfig, operation: string, payload: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(cognitoUrl(config), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      // GlobalSignOut is the one operation here that names no app client.
      body: JSON.stringify(operation === 'GlobalSignOut' ? payload : { ClientId: config.cognito.clientId, ...payload }),
    });
  } catch {
    throw new CognitoError('Offline', "You're offline or the sign-in service can't be reached.");
  }
  const body = (await response.json().catch(() => ({}))) as T & { __type?: string; message?: string };
  if (!response.ok) {
    const code = (body.__type ?? 'Unknown').split('#').pop() ?? 'Unknown';
    throw new CognitoError(code, describeCognitoError(code, body.message));
  }
  return body;
}

const messages: Record<string, string> = {
  UsernameExistsException: 'An account with this email already exists. Sign in instead.',
  NotAuthorizedException: 'The email or password is not right.',
  UserNotFoundException: 'There is no account with this email.',
  UserNotConfirmedException: 'Confirm your email first: enter the code we sent you.',
  CodeMismatchException: 'That code is not right. Check the email and try again.',
  ExpiredCodeException: 'That code has expired. Ask for a new one.',
  LimitExceededException: 'Too many attempts. Wait a few minutes and try again.',
  TooManyRequestsException: 'Too many attempts. Wait a moment and try again.',
  TooManyFailedAttemptsException: 'Too many attempts. Wait a few minutes and try again.',
};

export function describeCognitoError(code: string, message?: string): string {
  if (messages[code]) return messages[code];
  if (code === 'InvalidPasswordException') {
    return 'Choose a stronger password: at least 8 characters with upper and lower case letters, a number and a symbol.';
  }
  if (code === 'InvalidParameterException' && message) return message;
  return 'Something went wrong. Please try again.';
}
