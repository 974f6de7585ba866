// Small request and response helpers the cluster set-up routes share (the same conventions as ../routes.ts).
import type { Request, Response } from 'express'

/** reference §1.2: `?dry_run` is a flag; its value is ignored. */
export const dryRun = (req: Request): boolean => Object.hasOwn(req.query, 'dry_run')

/** Express 5 types params as string | string[]; these routes have only single-segment params. */
export const param = (req: Request, name: string): string => String(req.params[name])

/** reference §1.2: many mutations answer 200 with no body. */
export function emptyOk(res: Response): void {
  res.status(200).type('application/json').end()
}
