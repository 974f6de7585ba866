// JDCloud error catalog and envelope: {"requestId", "error": {"code": <HTTP status>, "status", "message"}} (reference §1).
import type { Request, Response } from 'express'
import { z } from 'zod'
import { ProviderError, type CoreFailure } from '../../core/errors.js'
import { requestId } from '../../core/ids.js'

/** The common statuses of docs.jdcloud.com "error-codes" (reference §1 table) with their HTTP codes. */
export const JD_STATUS = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  HTTP_FORBIDDEN: 403,
  NOT_FOUND: 404,
  ABORTED: 409,
  ALREADY_EXISTS: 409,
  QUOTA_EXCEEDED: 429,
  RATE_LIMIT: 429,
  INTERNAL: 500,
} as const

export type JdStatus = keyof typeof JD_STATUS

export function jdError(status: JdStatus, message: string): ProviderError {
  return new ProviderError(JD_STATUS[status], status, message)
}

export const invalidArgument = (message: string) => jdError('INVALID_ARGUMENT', message)
export const failedPrecondition = (message: string) => jdError('FAILED_PRECONDITION', message)
export const unauthenticated = (message: string) => jdError('UNAUTHENTICATED', message)

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
    case 'invalid_request':
    case 'unsupported_media_type':
      return jdError('INVALID_ARGUMENT', message)
    case 'body_too_large':
      // The common table has no 413 status; the gateway's own refusal of an oversized body is modelled as 413 with
      // the closest documented status string.
      return new ProviderError(413, 'INVALID_ARGUMENT', message)
    case 'route_not_found':
      return jdError('NOT_FOUND', message)
    case 'internal':
      return jdError('INTERNAL', message)
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

let errorBodySchema: z.ZodType | undefined

/** What renderError sends, for the OpenAPI document (built on first use). */
export function errorBody(): z.ZodType {
  return (errorBodySchema ??= z
    .strictObject({
      requestId: z.string(),
      error: z.strictObject({
        code: z.number().int().meta({ description: 'the HTTP status again' }),
        status: z.enum(Object.keys(JD_STATUS) as [JdStatus, ...JdStatus[]]),
        message: z.string(),
      }),
    })
    .meta({ description: 'reference §1: {"requestId", "error": {"code", "status", "message"}}' }))
}

/** Success envelope (reference §1): {"requestId", "result"}; actions without result fields send only the id. */
export function sendResult(res: Response, result?: Record<string, unknown>): void {
  const id = responseRequestId(res)
  res.status(200).set('x-jdcloud-request-id', id).json(result === undefined ? { requestId: id } : { requestId: id, result })
}
