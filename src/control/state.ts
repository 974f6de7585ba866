// State export and import: the whole document (or one provider's slice) out, and back in after validation.
import type { Router } from 'express'
import { STATE_SCHEMA_VERSION } from '../core/store.js'
import { completeSlices, ControlError, providerIdsFromQuery, type ControlPlane } from './routes.js'

export function stateRoutes() {
  return (router: Router, plane: ControlPlane): void => {
    router.get('/state', (req, res) => {
      const ids = providerIdsFromQuery(plane, req.query.provider)
      const document = plane.store.document()
      res.json({ schema: STATE_SCHEMA_VERSION, providers: Object.fromEntries(ids.map((id) => [id, document.providers[id]])) })
    })

    // Without ?provider the document replaces every enabled provider's slice (absent ones start empty);
    // with it, only that provider's slice is taken from the document.
    router.put('/state', async (req, res) => {
      const ids = providerIdsFromQuery(plane, req.query.provider)
      const slices = completeSlices(plane, req.body)
      if (req.query.provider !== undefined && !(ids[0] in slices)) {
        throw new ControlError(400, `the document has no slice for provider "${ids[0]}"`)
      }
      const replacement = Object.fromEntries(ids.map((id) => [id, slices[id] ?? plane.emptySlice(id)]))
      await plane.store.replaceSlices(replacement)
      res.json({ replaced: ids })
    })
  }
}
