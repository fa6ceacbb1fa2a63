// Public face of the data layer.
export { anonClient, serviceClient, userClient } from './clients';
