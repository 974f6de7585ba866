// KakaoCloud error catalog and its two envelopes: the MemStore one {"error":{"code":"<string>","message"}} (reference
// §7, the shape sibling KakaoCloud APIs use) and, on the IAM routes only, Keystone's {"error":{"code":<int>,"message","title"}}.
import type { Request, Response } from 'express'
import { ProviderError, type CoreFailure } from '../../core/errors.js'
import { sendMemstoreJson } from './model.js'

/** The one place MemStore error codes and their statuses live: a typo fails to compile. */
export const KcErrors = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  RequestEntityTooLarge: 413,
  InternalServerError: 500,
} as const
export type KcErrorCode = keyof typeof KcErrors

export function kcError(code: KcErrorCode, message: string): ProviderError {
  return new ProviderError(KcErrors[code], code, message)
}

const CORE_PARSE_FAILED = 'the request body could not be parsed'

/** What can be wrong with a body before its fields are looked at (issue 22: one wording on every route). */
export type BodyProblem = 'missing' | 'not_json_type' | 'invalid_json'

const MEMSTORE_MESSAGES: Record<BodyProblem, (contentType: string | undefined) => string> = {
  missing: () => 'the request body is missing: send a JSON object with Content-Type: application/json',
  not_json_type: (contentType) =>
    contentType
      ? `the request body must be sent with Content-Type: application/json, not ${contentType}`
      : 'the request body must be sent with Content-Type: application/json (the request has none)',
  invalid_json: () => 'the request body is not valid JSON',
}

export function bodyError(problem: BodyProblem, contentType?: string): ProviderError {
  return new ProviderError(KcErrors.BadRequest, 'BadRequest', MEMSTORE_MESSAGES[problem](contentType), { bodyProblem: problem })
}

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
      // core/errors.ts words every JSON syntax error this way; say it is the JSON that is wrong (issue 22).
      if (message === CORE_PARSE_FAILED) return bodyError('invalid_json')
      return kcError('BadRequest', message)
    case 'invalid_request':
    case 'unsupported_media_type':
      return kcError('BadRequest', message)
    case 'body_too_large':
      return kcError('RequestEntityTooLarge', message)
    case 'route_not_found':
      return kcError('NotFound', message)
    case 'internal':
      return kcError('InternalServerError', message)
  }
}

// Keystone's titles are the HTTP reason phrases.
export const KEYSTONE_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
}

export const IDENTITY_PREFIX = '/identity/'

// Keystone's ValidationError ("Expecting to find %(attribute)s in %(target)s. ..."), as its JSON-body check raises it
// for a body that is not JSON or not sent as JSON. A missing body gets the same sentence (inferred: Keystone would
// then fail its schema on an empty body).
const KEYSTONE_VALIDATION_TAIL =
  ' The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.'
const KEYSTONE_BODY_MESSAGES: Record<string, string> = {
  missing: `Expecting to find valid JSON object in request body.${KEYSTONE_VALIDATION_TAIL}`,
  not_json_type: `Expecting to find application/json in Content-Type header.${KEYSTONE_VALIDATION_TAIL}`,
  invalid_json: `Expecting to find valid JSON object in request body.${KEYSTONE_VALIDATION_TAIL}`,
}

export function renderError(err: ProviderError, req: Request, res: Response): void {
  if (req.path.startsWith(IDENTITY_PREFIX)) {
    // reference §1 [SDK model_keystone_error]: the IAM endpoint answers in Keystone's shape.
    const problem = err.extras.bodyProblem
    const message = typeof problem === 'string' ? (KEYSTONE_BODY_MESSAGES[problem] ?? err.message) : err.message
    res.status(err.status).json({ error: { code: err.status, message, title: KEYSTONE_TITLES[err.status] ?? 'Error' } })
    return
  }
  sendMemstoreJson(res, err.status, { error: { code: err.code, message: err.message } })
}
