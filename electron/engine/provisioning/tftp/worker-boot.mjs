// TFTP transfer worker in a source checkout (provkit through tsx, tests): this thread needs the
// TypeScript loader too, then runs worker-entry.ts. Built apps run the compiled tftp-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
