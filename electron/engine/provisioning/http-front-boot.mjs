// The HTTP front's worker thread in a source checkout (provkit through tsx, tests): this thread
// needs the TypeScript loader too, then runs http-front-worker.ts. Built apps run http-front.js.
import { register } from 'tsx/esm/api';

register();
await import('./http-front-worker.ts');
