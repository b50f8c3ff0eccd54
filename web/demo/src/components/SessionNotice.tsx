import type { NoticeKind } from '../activity.js';

const NOTICES: Record<NoticeKind, { title: string; text: string; tone: 'warn' | 'info' }> = {
  ended: {
    title: 'Your session has ended',
    text: 'It was signed out from another device, or it expired. Please sign in again.',
    tone: 'warn',
  },
  'remote-logout': { title: 'You signed out in another tab', text: 'Sign in again to continue.', tone: 'info' },
  logout: { title: 'You signed out', text: 'See you soon.', tone: 'info' },
  'logout-all': { title: 'You signed out everywhere', text: 'Every session of your account has ended.', tone: 'info' },
};

/** Why the sign-in screen is showing: a calm banner, never an error page. */
export function SessionNotice({ kind }: { kind: NoticeKind }) {
  const notice = NOTICES[kind];
  return (
    <div className={`notice ${notice.tone}`} role="status" data-testid="session-notice" data-kind={kind}>
      <strong>{notice.title}</strong>
      <span>{notice.text}</span>
    </div>
  );
}
