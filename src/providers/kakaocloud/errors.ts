// KakaoCloud error catalog and envelope: {"error": {"code": "<string>", "message"}} (reference §7).
import type { Request, Response } from 'express'
import { ProviderError, type CoreFailure } from '../../core/errors.js'

export function kcError(status: number, code: string, message: string): ProviderError {
  return new ProviderError(status, code, message)
}

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
    case 'invalid_request':
    case 'unsupported_media_type':
      return kcError(400, 'BadRequest', message)
    case 'body_too_large':
      return kcError(413, 'RequestEntityTooLarge', message)
    case 'route_not_found':
      return kcError(404, 'NotFound', message)
    case 'internal':
      return kcError(500, 'InternalServerError', message)
  }
}

export function renderError(err: ProviderError, _req: Request, res: Response): void {
  res.status(err.status).json({ error: { code: err.code, message: err.message } })
}
