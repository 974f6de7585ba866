// Redis To Go errors, Rails style: 422 {"errors": [...]} or <errors><error>..</error></errors>, in the format asked for.
import type { Request, Response } from 'express'
import { ProviderError, type CoreFailure } from '../../core/errors.js'

export function rtgError(status: number, code: string, message: string): ProviderError {
  return new ProviderError(status, code, message)
}

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
    case 'invalid_request':
    case 'unsupported_media_type':
      return rtgError(400, 'bad_request', message)
    case 'body_too_large':
      return rtgError(413, 'request_too_large', message)
    case 'route_not_found':
      return rtgError(404, 'not_found', message)
    case 'internal':
      return rtgError(500, 'internal', message)
  }
}

export function renderError(err: ProviderError, _req: Request, res: Response): void {
  res.status(err.status).json({ errors: [err.message] })
}
