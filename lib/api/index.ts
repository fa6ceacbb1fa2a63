// Public face of the route-handler helpers.
export { ForbiddenError, requireAdmin, safeEqual } from './auth';
export { handle, onlyGet } from './handle';
export { bearerToken, parseJsonBody, parseQuery } from './request';
