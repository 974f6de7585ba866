// What a JDCloud route table entry is (shared by routes.ts and the resource groups' tables).
import type { Request, Response } from 'express'
import type { ProviderContext } from '../../core/provider.js'
import type { Scope } from './service.js'

export interface Call {
  ctx: ProviderContext
  scope: Scope
  now: number
  /** Decoded path parameters after regionId (the cacheInstanceId, where there is one). */
  id: string
  /** Further decoded path parameters (groups 3+ of the pattern), e.g. a taskId. */
  params: string[]
  req: Request
  res: Response
  body(): Record<string, unknown>
}

export interface Route {
  method: string
  /** Matched against the path with %3A decoded; group 1 is regionId, group 2 the cacheInstanceId. */
  pattern: RegExp
  handle(call: Call): void | Promise<void>
}

/** `/v1/regions/{regionId}/cacheInstance/{cacheInstanceId}`; append a sub-path and `$`. */
export const INSTANCE_PATH = String.raw`^/v1/regions/([^/]+)/cacheInstance/([^/:]+)`

/** `/v1/regions/{regionId}/<sub>` for the region-scoped operations. */
export const regionPath = (sub: string) => new RegExp(String.raw`^/v1/regions/([^/]+)/${sub}$`)

/** An instance-scoped sub-path: `…/cacheInstance/{id}/<sub>`. */
export const instancePath = (sub: string) => new RegExp(`${INSTANCE_PATH}/${sub}$`)
