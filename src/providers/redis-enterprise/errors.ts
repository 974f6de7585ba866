// Redis Enterprise error catalog and envelope: {"error_code", "description"} (+ "message", reference §4).
import type { Request, Response } from 'express'
import { ProviderError, type CoreFailure } from '../../core/errors.js'

export function reError(status: number, code: string, description: string): ProviderError {
  return new ProviderError(status, code, description)
}

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
    case 'invalid_request':
    case 'unsupported_media_type':
      return reError(400, 'bad_request', message)
    case 'body_too_large':
      return reError(413, 'request_too_large', message)
    case 'route_not_found':
      return reError(404, 'not_found', message)
    case 'internal':
      return reError(500, 'internal_error', message)
  }
}

export function renderError(err: ProviderError, _req: Request, res: Response): void {
  res.status(err.status).json({ error_code: err.code, description: err.message, message: err.message, ...err.extras })
}
