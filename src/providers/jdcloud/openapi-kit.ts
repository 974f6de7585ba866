// What every JDCloud operation description shares (reference §1): the {requestId, result} envelope, the path parameters,
// the per-operation errors in the {requestId, error} envelope. Schemas are built on first use, never at import.
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import type { Operation, ResponseSpec } from '../../core/openapi.js'
import { errorBody } from './errors.js'

export const REQUEST_ID_HEADER = { 'x-jdcloud-request-id': 'the requestId of the body (reference §1)' }

const requestId = () => z.string().meta({ description: 'one id per request, also in the x-jdcloud-request-id header' })

/** reference §1: HTTP 200 {"requestId", "result": {...}}. */
export function result(description: string, schema: z.ZodType): ResponseSpec {
  return { description, body: z.strictObject({ requestId: requestId(), result: schema }), headers: REQUEST_ID_HEADER }
}

/** reference §1, reference-more §1.3: an action without result fields answers {"requestId"} only. */
export function done(description: string): ResponseSpec {
  return { description, body: z.strictObject({ requestId: requestId() }), headers: REQUEST_ID_HEADER }
}

/** An error answer this operation gives beyond the API's common ones, in the reference §1 envelope. */
export function failure(description: string): ResponseSpec {
  return { description, body: errorBody(), headers: REQUEST_ID_HEADER }
}

/** 400: the common causes plus this operation's FAILED_PRECONDITION rule(s). */
export function precondition(rule: string): ResponseSpec {
  return failure(`INVALID_ARGUMENT: a body that is not a JSON object, a bad parameter or an unknown region; FAILED_PRECONDITION: ${rule}`)
}

export const NOT_FOUND_INSTANCE = 'NOT_FOUND: no such cacheInstance of this account in this region (reference-more §1.5)'

const regionId = () =>
  z.string().meta({ description: 'the region (reference §1: cn-north-1, cn-south-1, cn-east-2 in the default catalogue); the credential scope must name it', examples: ['cn-north-1'] })
const cacheInstanceId = () => z.string().meta({ description: 'the instance id, `redis-` + 10 lowercase letters and digits (reference §3)', examples: ['redis-a90ng7vk5t'] })

/** An operation described without its path: the table of a group lists these. */
export type OperationInput = Omit<Operation, 'path'> & { sub: string }

/** `/v1/regions/{regionId}/<sub>`: the region-scoped operations. */
export function regionOperation(op: OperationInput): Operation {
  const { sub, ...rest } = op
  return { ...rest, path: `/v1/regions/{regionId}/${sub}`, pathParams: { regionId: regionId(), ...op.pathParams } }
}

/**
 * `/v1/regions/{regionId}/cacheInstance/{cacheInstanceId}<sub>` (sub starts with `/`, `:` or is empty): 404 for an
 * instance this account does not have in the region (reference-more §1.5).
 */
export function instanceOperation(op: OperationInput): Operation {
  const { sub, ...rest } = op
  return {
    ...rest,
    path: `/v1/regions/{regionId}/cacheInstance/{cacheInstanceId}${sub}`,
    pathParams: { regionId: regionId(), cacheInstanceId: cacheInstanceId(), ...op.pathParams },
    responses: { 404: failure(NOT_FOUND_INSTANCE), ...op.responses },
  }
}

// ---- query parameters the routes read by hand (query.ts, integerParam) ----

/** reference §2, reference-more §3/§8/§9.4: pageNumber >= 1 (default 1), pageSize 10-100 (default 10). */
export function pageQueryShape() {
  return {
    pageNumber: z.number().int().min(1).optional().meta({ description: 'page, from 1 (default 1)' }),
    pageSize: z.number().int().min(10).max(100).optional().meta({ description: 'items per page, 10-100 (default 10)' }),
  }
}

/** reference-more §1.6 (inferred): ISO 8601 / RFC 3339 times with an offset. */
export function timeQuery(description: string) {
  return z.iso.datetime({ offset: true }).optional().meta({ description })
}
