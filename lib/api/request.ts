// Request parsing shared by route handlers: the query and the body, each checked by a zod schema.
// Every parameter and field the client sent reaches the schema, in a null-prototype object
// (so `__proto__`, `constructor` and the like are refused like any unknown name), and a name
// given twice is refused rather than silently taking one of the values. Bodies are read up to a
// limit and never further.
import 'server-only';
import type { z } from 'zod';
import { BadRequestError } from '../errors';
import { RAW_QUERY_HEADER } from './forwarded';

/** Bodies are small here (a token, a note): anything larger is a mistake or an attack. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function describe(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * Name/value pairs as a null-prototype record.
 * @throws BadRequestError naming a name that occurs more than once.
 */
function toRecord<V>(entries: Iterable<[string, V]>, what: string): Record<string, V> {
  const record = Object.create(null) as Record<string, V>;
  for (const [name, value] of entries) {
    if (Object.hasOwn(record, name))
      throw new BadRequestError(`${what} "${name.slice(0, 64)}" is given more than once`);
    record[name] = value;
  }
  return record;
}

function check<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new BadRequestError(`invalid ${what}: ${describe(result.error)}`);
  return result.data;
}

/**
 * The query as the client sent it. Next rebuilds the URL a route handler sees from a plain
 * object, which loses `__proto__`; the proxy (proxy.ts) passes the original query along.
 */
function searchParams(request: Request): URLSearchParams {
  const raw = request.headers.get(RAW_QUERY_HEADER);
  if (raw !== null) return new URLSearchParams(raw);
  const nextUrl = (request as Request & { nextUrl?: URL }).nextUrl;
  return nextUrl?.searchParams ?? new URL(request.url).searchParams;
}

/**
 * The URL's query parameters checked against `schema` (a strict object: unknown parameters are
 * refused).
 * @throws BadRequestError naming each bad, unknown or repeated parameter.
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return check(schema, toRecord(searchParams(request), 'the query parameter'), 'query');
}

/** The media type of a Content-Type header, lower case, without its parameters. */
function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * The body's bytes, reading no further than `maxBytes`.
 * @throws BadRequestError when the body is larger (declared or actual) or cannot be read.
 */
async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new BadRequestError(`the body must be at most ${maxBytes} bytes`);
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof BadRequestError) throw err;
    throw new BadRequestError('the body could not be read', { cause: err });
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function parseJsonText(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new BadRequestError('the body is not valid JSON');
  }
}

async function parseForm(
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
  contentType: string,
): Promise<Record<string, FormDataEntryValue>> {
  if (type === 'application/x-www-form-urlencoded')
    return toRecord(new URLSearchParams(new TextDecoder().decode(bytes)), 'the form field');
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new BadRequestError('the body is not a valid multipart form (check its boundary)');
  }
  return toRecord(form, 'the form field');
}

/**
 * The JSON body checked against `schema`.
 * @throws BadRequestError when the body is not JSON, is too large or does not match.
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<z.infer<S>> {
  if (mediaType(request) !== 'application/json')
    throw new BadRequestError('the body must be JSON (content-type: application/json)');
  return check(schema, parseJsonText(await readBytes(request, maxBytes)), 'body');
}

/**
 * A JSON, URL-encoded or multipart body checked against `schema`; `form` tells a browser's form
 * post (which expects a redirect) from an API client's JSON.
 * @throws BadRequestError for another content type, a body that does not parse, is too large or
 * does not match (a file where text is expected, an unknown or repeated field).
 */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<{ data: z.infer<S>; form: boolean }> {
  const type = mediaType(request);
  if (type === 'application/json')
    return { data: await parseJsonBody(request, schema, maxBytes), form: false };
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    const bytes = await readBytes(request, maxBytes);
    const fields = await parseForm(bytes, type, request.headers.get('content-type') ?? '');
    return { data: check(schema, fields, 'form'), form: true };
  }
  throw new BadRequestError(
    'send a JSON body (application/json) or a form (application/x-www-form-urlencoded or multipart/form-data)',
  );
}
