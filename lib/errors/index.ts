// Public face of the error layer.
export {
  AppError,
  BadRequestError,
  MethodNotAllowedError,
  NotFoundError,
  UnauthorizedError,
  isAppError,
  toResponse,
  type AppErrorOptions,
  type ErrorBody,
  type ErrorCode,
} from './app-error';
