/**
 * @module dashboard/main
 * Entry point of the bulwark dashboard (built by Vite into dist/dashboard, served by the
 * control plane at / and /ui/).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './app';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
