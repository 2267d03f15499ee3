// Cutting one browser context off the server's Socket.IO, and restoring it:
// Chromium's offline emulation (`context.setOffline`) leaves open WebSockets
// alone, so the test closes them itself (routeWebSocket) and refuses new
// ones and long-polling (route) until it restores the network.
import { type BrowserContext, type WebSocketRoute, expect } from '@playwright/test';

/** A context whose Socket.IO traffic can be cut and restored. */
export async function cuttable(context: BrowserContext) {
  let cut = false;
  const open: { page: WebSocketRoute; server: WebSocketRoute; upgraded: boolean; closed: boolean }[] = [];
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (cut) {
      ws.close();
      return;
    }
    const entry = { page: ws, server: ws.connectToServer(), upgraded: false, closed: false };
    // Only a connection still open counts below (a page may close one and
    // open another). Handling a close means forwarding it too.
    ws.onClose((code, reason) => {
      entry.closed = true;
      void entry.server.close({ code, reason });
    });
    entry.server.onClose((code, reason) => {
      entry.closed = true;
      void ws.close({ code, reason });
    });
    // Engine.IO's upgrade packet ("5"): from here on the WebSocket, not
    // long-polling, carries the connection.
    ws.onMessage((message) => {
      if (message === '5') entry.upgraded = true;
      entry.server.send(message);
    });
    open.push(entry);
  });
  await context.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue()));
  return {
    async cut() {
      // socket.io-client starts on long-polling and then upgrades: cut only
      // once the WebSocket carries the connection, or a poll already under
      // way would keep it alive well past the cut.
      await expect.poll(() => open.some((ws) => ws.upgraded && !ws.closed), { timeout: 10_000 }).toBe(true);
      cut = true;
      for (const { page, server } of open.splice(0)) {
        await page.close({ code: 4000, reason: 'network cut by the test' });
        await server.close();
      }
    },
    restore() {
      cut = false;
    },
  };
}
