// Public face of the route-handler helpers: parsing, errors, methods, and who may do what.
export {
  ForbiddenError,
  bearerToken,
  dashboardLocked,
  hasDashboardSession,
  hasHealthAccess,
  requireAdmin,
  requireHealthAccess,
  safeEqual,
  tokenMatches,
} from './auth';
export { clientAddress } from './forwarded';
export { HTTP_METHODS, handle, otherMethods, type HttpMethod, type ServedMethod } from './handle';
export { DEFAULT_MAX_BODY_BYTES, parseBody, parseJsonBody, parseQuery } from './request';
export { requireSameOrigin } from './same-origin';
export {
  SESSION_COOKIE,
  expiredSessionCookie,
  readSessionCookie,
  sessionCookie,
  sessionValue,
  servedOverHttps,
} from './session-cookie';
export {
  SignInLimiter,
  TooManyRequestsError,
  signInLimiter,
  type SignInAttempt,
  type SignInLimiterOptions,
} from './sign-in-limiter';
