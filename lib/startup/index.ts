export { startServer } from './startup';
