// Request parsing shared by route handlers: zod-checked query and JSON body, bearer tokens.
import 'server-only';
import type { z } from 'zod';
import { BadRequestError, UnauthorizedError } from '../errors';

function describe(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * The URL's query parameters checked against `schema` (a strict object: unknown parameters are
 * refused).
 * @throws BadRequestError naming each bad or unknown parameter.
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = schema.safeParse(params);
  if (!result.success) throw new BadRequestError(`invalid query: ${describe(result.error)}`);
  return result.data;
}

/**
 * The JSON body checked against `schema`.
 * @throws BadRequestError when the body is not JSON or does not match.
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 64 * 1024,
): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.includes('application/json'))
    throw new BadRequestError('the body must be JSON (content-type: application/json)');
  const text = await request.text();
  if (text.length > maxBytes)
    throw new BadRequestError(`the body must be at most ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadRequestError('the body is not valid JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new BadRequestError(`invalid body: ${describe(result.error)}`);
  return result.data;
}

/**
 * The token of an `Authorization: Bearer …` header.
 * @throws UnauthorizedError when it is missing or malformed.
 */
export function bearerToken(request: Request): string {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match?.[1])
    throw new UnauthorizedError('sign in: send Authorization: Bearer <access token>');
  return match[1];
}
