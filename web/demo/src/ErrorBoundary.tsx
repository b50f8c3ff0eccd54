import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Last-resort boundary: a render bug shows a calm message, never a blank page. */
export class ErrorBoundary extends Component<{ children?: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Baton demo crashed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="card" role="alert">
        <h1>Something went wrong</h1>
        <p className="muted">{this.state.error.message}</p>
        <button onClick={() => window.location.reload()}>Reload</button>
      </main>
    );
  }
}
