// Cutting one browser context off the server's Socket.IO, and restoring it:
// Chromium's offline emulation (`context.setOffline`) leaves open WebSockets
// alone, so the test closes them itself (routeWebSocket) and refuses new
// ones and long-polling (route) until it restores the network.
import { type BrowserContext, type WebSocketRoute } from '@playwright/test';

/** A context whose Socket.IO traffic can be cut and restored. */
export async function cuttable(context: BrowserContext) {
  let cut = false;
  const open: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (cut) {
      ws.close();
      return;
    }
    open.push({ page: ws, server: ws.connectToServer() });
  });
  await context.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue()));
  return {
    async cut() {
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
