/**
 * Entry point of the Baton demo: one Baton client for the tab, the session
 * activity feed the UI shows, and the React tree.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBatonClient } from '@baton/web';
import { BatonProvider } from '@baton/web/react';
import { App } from './App.js';
import { createActivity } from './activity.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import './styles.css';

// Same origin as the app: Vite (or the e2e server) proxies /graphql to the API.
const baton = createBatonClient({ uri: '/graphql' });
const activity = createActivity(baton);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <BatonProvider client={baton}>
        <App activity={activity} />
      </BatonProvider>
    </ErrorBoundary>
  </StrictMode>,
);
