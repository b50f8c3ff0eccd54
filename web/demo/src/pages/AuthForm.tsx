import { useState, type FormEvent } from 'react';
import { useAuth } from '@baton/web/react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { hrefOf } from '../router.js';

/** Props of {@link AuthForm}. */
export interface AuthFormProps {
  /** `signin` (login) or `signup` (register). */
  mode: 'signin' | 'signup';
}

/** The sign-in and sign-up screens: same form, different mutation. */
export function AuthForm({ mode }: AuthFormProps) {
  const { login, register } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const signup = mode === 'signup';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await (signup ? register : login)(email.trim(), password);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <form className="auth" onSubmit={submit} data-testid={`${mode}-form`}>
      <h1>{signup ? 'Create an account' : 'Sign in'}</h1>
      <label>
        Email
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password
        <input
          type="password"
          name="password"
          autoComplete={signup ? 'new-password' : 'current-password'}
          required
          minLength={signup ? 8 : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {signup && <small className="muted">8 to 128 characters.</small>}
      </label>
      {error !== null && <ErrorMessage error={error} />}
      <button type="submit" disabled={busy}>
        {busy ? 'Please wait…' : signup ? 'Create account' : 'Sign in'}
      </button>
      <p className="muted switch">
        {signup ? (
          <>
            Already have an account? <a href={hrefOf('signin')}>Sign in</a>
          </>
        ) : (
          <>
            New here? <a href={hrefOf('signup')}>Create an account</a>
          </>
        )}
      </p>
    </form>
  );
}
