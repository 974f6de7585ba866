// GET /_emulator/openapi/<provider>.json: each provider's OpenAPI 3.1 document, with the emulator's own URLs as servers.
import type { Router } from 'express'
import type { AnyProvider } from '../core/provider.js'
import { buildOpenApiDocument } from '../core/openapi.js'
import { ControlError, type ControlPlane } from './routes.js'

/** The document of a provider, its servers the URLs given (the listener asked first). */
export function openApiDocument(provider: AnyProvider, servers: string[]): Record<string, unknown> {
  if (!provider.openapi) throw new Error(`provider ${provider.id} describes no API`)
  return buildOpenApiDocument(provider.id, provider.openapi(), { servers })
}

export function openApiRoutes() {
  return (router: Router, plane: ControlPlane): void => {
    router.get('/openapi', (_req, res) => {
      res.json({ documents: plane.providers.filter((p) => p.openapi).map((p) => ({ provider: p.id, title: p.title, url: `/_emulator/openapi/${p.id}.json` })) })
    })
    router.get('/openapi/:file', (req, res) => {
      const id = String(req.params.file).replace(/\.json$/, '')
      const provider = plane.providers.find((p) => p.id === id && p.openapi)
      if (!provider || !String(req.params.file).endsWith('.json')) {
        throw new ControlError(404, `no OpenAPI document "${String(req.params.file)}"; there is one per enabled provider: ${plane.providers.map((p) => `${p.id}.json`).join(', ')}`)
      }
      // every listener that serves this API (Redis Enterprise: 9443 and 8080), not those with an app of their own (metrics)
      const ownApps = new Set(provider.listeners.filter((spec) => spec.serve).map((spec) => `${id}-${spec.name}`))
      const servers = (plane.listeners ?? []).filter((l) => l.provider === id && !ownApps.has(l.listener)).map((l) => l.url)
      res.json(openApiDocument(provider, servers))
    })
  }
}
