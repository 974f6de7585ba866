// How the OpenAPI tests reach each provider: the routes its router registers, and a documented call made with the
// default credentials (issue #19: "every route appears in its document, and every documented operation answers").
import type { Router } from 'express'
import type { Harness } from '../helpers/harness.js'
import { registeredRoutes, type RegisteredRoute } from '../helpers/registered-routes.js'
import { signHeaders } from '../helpers/jdcloud.js'
import { READY_TOKEN } from '../helpers/kakaocloud.js'
import { CREDENTIALS } from '../helpers/redis-enterprise.js'
import { OWNER } from '../helpers/redistogo.js'
import { ROUTES as JDCLOUD_ROUTES } from '../../src/providers/jdcloud/routes.js'
import { DOWNLOAD_PATH as JDCLOUD_DOWNLOAD_PATH } from '../../src/providers/jdcloud/backups/download.js'

export interface Answer {
  status: number
  text: string
}

/** A route as a router holds it: an Express path template, or (JDCloud's table) a pattern over the decoded path. */
export type RouteEntry = RegisteredRoute | { method: string; pattern: RegExp }

export interface OpenApiAdapter {
  id: string
  registered(h: Harness): RouteEntry[]
  call(h: Harness, method: string, path: string): Promise<Answer>
}

function routerOf(h: Harness, id: string): Router {
  const provider = h.emulator.providers.find((p) => p.id === id)!
  return provider.router(h.emulator.contexts.get(id)!)
}

async function send(h: Harness, id: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const agent = h.request(id)
  const request = agent[method.toLowerCase() as 'get'](path).set(headers)
  const res = await (body === undefined ? request : request.set('Content-Type', 'application/json').send(body))
  return { status: res.status, text: res.text ?? '' }
}

function withAutomaticOptions(routes: RegisteredRoute[]): RegisteredRoute[] {
  const paths = [...new Set(routes.map((r) => r.path))]
  return [...routes, ...paths.map((path) => ({ method: 'options', path }))]
}

const hasBody = (method: string) => ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase())
const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })

export const ADAPTERS: OpenApiAdapter[] = [
  {
    id: 'redis-enterprise',
    // Express answers OPTIONS (the Allow list) on every path that has a route: the provider's router does not disable it
    registered: (h) => withAutomaticOptions(registeredRoutes(routerOf(h, 'redis-enterprise'))),
    call: (h, method, path) => send(h, 'redis-enterprise', method, path, basic(...CREDENTIALS.admin), hasBody(method) ? '{}' : undefined),
  },
  {
    id: 'jdcloud',
    // the route table, and the presigned backup download the router serves before auth (an Express path)
    registered: () => [
      ...JDCLOUD_ROUTES.map((r) => ({ method: r.method.toLowerCase(), pattern: r.pattern })),
      { method: 'get', pattern: new RegExp(`^${JDCLOUD_DOWNLOAD_PATH.replace(/:[a-z]+/gi, '[^/]+')}$`) },
    ],
    call: (h, method, path) => {
      const body = hasBody(method) ? '{}' : undefined
      return send(h, 'jdcloud', method, path, signHeaders({ method: method.toUpperCase() as 'GET', url: path, body }), body)
    },
  },
  {
    id: 'kakaocloud',
    registered: (h) => registeredRoutes(routerOf(h, 'kakaocloud')),
    call: (h, method, path) => send(h, 'kakaocloud', method, path, { 'X-Auth-Token': READY_TOKEN, 'X-Subject-Token': READY_TOKEN }, hasBody(method) ? '{}' : undefined),
  },
  {
    id: 'redistogo',
    registered: (h) => registeredRoutes(routerOf(h, 'redistogo')),
    call: (h, method, path) => send(h, 'redistogo', method, path, basic(OWNER.username, OWNER.password), hasBody(method) ? '{}' : undefined),
  },
]
