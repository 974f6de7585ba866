// The routes an Express router answers, read from its layer stack, as OpenAPI-style templates (issue #19's coverage check).
import type { Router } from 'express'

export interface RegisteredRoute {
  method: string
  /** `/v1/bdbs/{uid}`; Express's optional `{.:format}` gives two templates. */
  path: string
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> }
  handle: { stack?: Layer[] }
  rawPath?: unknown
}

/** Express 5 path syntax to templates: `:uid` -> `{uid}`, an optional group `{...}` -> without and with it. */
export function expressPathTemplates(path: string): string[] {
  const optional = /\{([^{}]*)\}/.exec(path)
  if (optional) {
    const before = path.slice(0, optional.index)
    const after = path.slice(optional.index + optional[0].length)
    return [...expressPathTemplates(before + after), ...expressPathTemplates(before + optional[1] + after)]
  }
  return [path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]
}

/**
 * Every method/path route of the router and of the routers mounted in it (string paths only: a RegExp route or
 * `router.all` is a catch-all answering the provider's own 404/405, which the documents list as unknown-route answers).
 */
export function registeredRoutes(router: Router, prefix = ''): RegisteredRoute[] {
  const routes: RegisteredRoute[] = []
  for (const layer of (router as unknown as { stack: Layer[] }).stack) {
    if (layer.route) {
      if (typeof layer.route.path !== 'string') continue
      const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all')
      for (const template of expressPathTemplates(prefix + layer.route.path)) {
        for (const method of methods) routes.push({ method, path: template })
      }
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''
      routes.push(...registeredRoutes(layer.handle as unknown as Router, prefix + mount))
    }
  }
  return routes
}
