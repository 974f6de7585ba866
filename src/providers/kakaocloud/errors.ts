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

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
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
const KEYSTONE_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
}

export const IDENTITY_PREFIX = '/identity/'

export function renderError(err: ProviderError, req: Request, res: Response): void {
  if (req.path.startsWith(IDENTITY_PREFIX)) {
    // reference §1 [SDK model_keystone_error]: the IAM endpoint answers in Keystone's shape.
    res.status(err.status).json({ error: { code: err.status, message: err.message, title: KEYSTONE_TITLES[err.status] ?? 'Error' } })
    return
  }
  sendMemstoreJson(res, err.status, { error: { code: err.code, message: err.message } })
}
