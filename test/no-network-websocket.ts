// Node 20 has no global WebSocket unless started with --experimental-websocket. msw only needs a constructor
// to wrap: every socket the msw WebSocket tests open is answered by the fake's handler and never reaches the
// wrapped class, so importing this module installs a stand-in that refuses to connect when there is none.

if (typeof globalThis.WebSocket === 'undefined') {
  class NoNetworkWebSocket extends EventTarget {
    static readonly CONNECTING = 0
    static readonly OPEN = 1
    static readonly CLOSING = 2
    static readonly CLOSED = 3
    constructor() {
      super()
      throw new Error('this test opens no real WebSocket: msw must answer it')
    }
  }
  Object.defineProperty(globalThis, 'WebSocket', { value: NoNetworkWebSocket, configurable: true, writable: true })
}

export {}
