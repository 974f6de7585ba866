// JDCloud error catalog and envelope: {"requestId", "error": {"code": <HTTP status>, "status", "message"}} (reference §1).
import type { Request, Response } from 'express'
import { ProviderError, type CoreFailure } from '../../core/errors.js'
import { requestId } from '../../core/ids.js'

export function jdError(status: number, statusText: string, message: string): ProviderError {
  return new ProviderError(status, statusText, message)
}

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
    case 'invalid_request':
    case 'unsupported_media_type':
      return jdError(400, 'INVALID_ARGUMENT', message)
    case 'body_too_large':
      return jdError(413, 'INVALID_ARGUMENT', message)
    case 'route_not_found':
      return jdError(404, 'NOT_FOUND', message)
    case 'internal':
      return jdError(500, 'INTERNAL', message)
  }
}

/** The request id of this response: one per request, in the body and the x-jdcloud-request-id header. */
export function responseRequestId(res: Response): string {
  return (res.locals.requestId ??= requestId()) as string
}

export function renderError(err: ProviderError, _req: Request, res: Response): void {
  const id = responseRequestId(res)
  res
    .status(err.status)
    .set('x-jdcloud-request-id', id)
    .json({ requestId: id, error: { code: err.status, status: err.code, message: err.message } })
}
