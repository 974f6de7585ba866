// Redis To Go errors, Rails style: 422 {"errors": [...]} or <errors><error>..</error></errors>, in the format asked for.
import type { Request, Response } from 'express'
import { ProviderError, type CoreFailure } from '../../core/errors.js'
import { errorFormat, sendErrors } from './format.js'

/** The catalog: code -> status. Message wording is ours (reference section 5: the real wording is unknown). */
export const RTG_ERRORS = {
  unprocessable_entity: 422,
  not_found: 404,
  not_acceptable: 406,
  bad_request: 400,
  request_too_large: 413,
  internal: 500,
} as const

export type RtgErrorCode = keyof typeof RTG_ERRORS

/** Rails full messages for the validations the docs imply (reference section 5, our wording). */
export const MESSAGES = {
  planBlank: "Plan can't be blank",
  planUnknown: 'Plan is not included in the list',
  planWithOtherFields: 'Plan cannot be changed together with other attributes',
  planNotUpgrade: 'Plan can only be upgraded to a larger plan',
  noRoomToUpgrade: 'There is not enough space on the server to upgrade this instance',
  noRoomToCreate: 'There is not enough space on any server to create this instance',
} as const

export function rtgError(code: RtgErrorCode, message: string, messages: string[] = [message]): ProviderError {
  return new ProviderError(RTG_ERRORS[code], code, message, { messages })
}

/** A 422 with every validation message, as Rails renders `@instance.errors`. */
export function validationFailed(messages: string[]): ProviderError {
  return rtgError('unprocessable_entity', messages.join('; '), messages)
}

/** Rails' ActiveRecord::RecordNotFound wording. Another account's instance is just as unknown. */
export function instanceNotFound(id: string): ProviderError {
  return rtgError('not_found', `Couldn't find Instance with ID=${id}`)
}

export function coreError(kind: CoreFailure, message: string): ProviderError {
  switch (kind) {
    case 'malformed_body':
    case 'invalid_request':
    case 'unsupported_media_type':
      return rtgError('bad_request', message)
    case 'body_too_large':
      return rtgError('request_too_large', message)
    case 'route_not_found':
      return rtgError('not_found', message)
    case 'internal':
      return rtgError('internal', message)
  }
}

export function renderError(err: ProviderError, req: Request, res: Response): void {
  // Rails' respond_to with no matching format answers `head :not_acceptable`: the status, no body.
  if (err.status === RTG_ERRORS.not_acceptable) {
    res.status(406).end()
    return
  }
  const messages = Array.isArray(err.extras.messages) ? (err.extras.messages as string[]) : [err.message]
  sendErrors(res, errorFormat(req), err.status, messages)
}
