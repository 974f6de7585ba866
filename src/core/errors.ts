// ProviderError, the failures every app can hit before a provider's code runs, and the last-line handler that renders
// them in the provider's own envelope: never a stack trace, never Express's HTML page.
import type { ErrorRequestHandler, Request, Response } from 'express'
import { z } from 'zod'

export class ProviderError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extras: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ProviderError'
  }
}

/** Failures the shared pipeline detects; each provider maps them to its own code and status. */
export type CoreFailure =
  | 'malformed_body'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'invalid_request'
  | 'route_not_found'
  | 'internal'

export interface ErrorRendering {
  coreError(kind: CoreFailure, message: string): ProviderError
  renderError(err: ProviderError, req: Request, res: Response): void
}

function describeZodError(err: z.ZodError): string {
  return err.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/** Turns anything thrown or passed to next() into a ProviderError of this provider. */
export function toProviderError(err: unknown, rendering: Pick<ErrorRendering, 'coreError'>): ProviderError {
  if (err instanceof ProviderError) return err
  // the name first: other errors then never load zod, which the bundle loads on first use (issue #20)
  if (err instanceof Error && err.name === 'ZodError' && err instanceof z.ZodError) return rendering.coreError('invalid_request', describeZodError(err))
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string }
  // body-parser and raw-body tag their errors with a type.
  switch (e?.type) {
    case 'entity.parse.failed':
      return rendering.coreError('malformed_body', 'the request body could not be parsed')
    case 'entity.too.large':
      return rendering.coreError('body_too_large', 'the request body is too large')
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return rendering.coreError('unsupported_media_type', e.message ?? 'unsupported encoding')
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return rendering.coreError('malformed_body', 'the request body could not be read')
  }
  const status = e?.status ?? e?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // e.g. a URIError from a malformed %-escape in the path, surfaced by the router as 400.
    return rendering.coreError('invalid_request', 'the request could not be understood')
  }
  return rendering.coreError('internal', 'internal error')
}

export function lastLineErrorHandler(rendering: ErrorRendering, onUnexpected: (err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const providerError = toProviderError(err, rendering)
    if (providerError.status >= 500 && !(err instanceof ProviderError)) onUnexpected(err)
    if (res.headersSent) {
      res.destroy()
      return
    }
    try {
      rendering.renderError(providerError, req, res)
    } catch (renderFailure) {
      onUnexpected(renderFailure)
      res.status(500).type('text/plain').send('internal error')
    }
  }
}
