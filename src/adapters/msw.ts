// The msw door: request handlers that hand every Kubernetes API request to the engine.

import * as msw from 'msw'
import type { RequestHandler, WebSocketHandler } from 'msw'
import { mswHttpHandlersWith, type EngineLike } from './msw-http.js'
import { mswWebSocketHandlersWith, type MswWebSocketOptions } from './msw-ws.js'

export type { EngineLike } from './msw-http.js'

/**
 * msw handlers for the fake. With a `baseUrl` only that origin (and path prefix) is matched; without
 * one, API paths on any origin are (so a browser app's own assets are left alone).
 */
export function createMswHandlers(api: EngineLike, opts: { baseUrl?: string; basePaths?: string[]; registryHost?: string } = {}): RequestHandler[] {
  return mswHttpHandlersWith(msw, api, opts)
}

/** msw WebSocket handlers that serve watches from the engine (see ./msw-ws.ts). */
export function createMswWebSocketHandlers(api: EngineLike, opts: MswWebSocketOptions = {}): WebSocketHandler[] {
  return mswWebSocketHandlersWith(msw, api, opts)
}

export { serveWatchSocket, type MswWebSocketOptions } from './msw-ws.js'
