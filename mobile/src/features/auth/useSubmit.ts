import { useState } from 'react';

/** Runs a form action once at a time and keeps its error message for the form to show. */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(...args: A) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action(...args);
    } catch (e) {
      // Thunk errors arrive serialized ({ message, code }), not as Error instances.
      setError(typeof e === 'object' && e && 'message' in e ? String(e.message) : String(e));
    } finally {
      setBusy(false);
    }
  }
  return { submit, busy, error };
}
