// The request and response classes a listener's HTTP server makes for an Express app: born with the app's own
// prototypes, so that Express' per-request Object.setPrototypeOf (app.handle) finds nothing to change.
import { IncomingMessage, ServerResponse } from 'node:http'
import type { Express } from 'express'

/**
 * Why: in Node 20's V8, objects whose prototype was swapped by Object.setPrototypeOf (or that were made by
 * Reflect.construct with another function as new.target) survive the young-generation collections and are promoted
 * to the old space, with everything they reach. Express swaps the prototype of every request and response, so nearly
 * everything a request allocated was promoted (about 20 KB per request), and V8's old space grew with garbage: 100 MB
 * committed after creating 10,000 instances, for 12 MB of live records, kept after the load. Measured in README
 * "Performance" (memory). The objects are the same as before: the same prototype chain, built by the same constructors.
 */
export interface ServerClasses {
  IncomingMessage: typeof IncomingMessage
  ServerResponse: typeof ServerResponse
}

/**
 * A constructor whose objects have `prototype` from the start (instead of having it swapped in later), built by
 * `Base` run on them: Node's IncomingMessage and ServerResponse are plain constructor functions, which Node documents as
 * meant to be extended. Should a later Node make them classes (which cannot be called), the object is made with
 * Reflect.construct: the same object, at the memory cost described above.
 */
function bornWith<T extends new (...args: never[]) => object>(Base: T, prototype: object): T {
  const isClass = /^class\b/.test(Function.prototype.toString.call(Base))
  function Born(this: object, ...args: ConstructorParameters<T>): object | void {
    if (isClass) return Reflect.construct(Base, args, Born) as object
    ;(Base as unknown as (...a: unknown[]) => void).apply(this, args)
  }
  Born.prototype = prototype
  return Born as unknown as T
}

/** Server options (node:http and node:https createServer) whose requests and responses are born as `app` wants them. */
export function serverClassesFor(app: Express): ServerClasses {
  return {
    IncomingMessage: bornWith(IncomingMessage, app.request),
    ServerResponse: bornWith(ServerResponse, app.response),
  }
}
