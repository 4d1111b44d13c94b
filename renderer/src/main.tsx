/**
 * Renderer entry: picks the transport, starts the stores and renders the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseClient } from './api/choose-client';
import { App } from './App';
import { StoresProvider } from './store/context';
import { startStores } from './store/index';
import './styles.css';

const client = chooseClient();
const { stores } = startStores(client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
