// Raw Probot with a no-op app, the reference of bench:webhooks: same middleware, same signature
// check, authenticated as a GitHub App like Flightdeck (APP_ID, PRIVATE_KEY: Probot builds an
// installation client per event), nothing else. PORT, WEBHOOK_SECRET from the environment.
import { createServer } from "node:http";
import { createNodeMiddleware, createProbot } from "probot";

const probot = createProbot();
const middleware = await createNodeMiddleware(
  (app) => {
    app.onAny(async () => {});
  },
  { probot },
);
createServer((req, res) => {
  void middleware(req, res, () => res.writeHead(404).end());
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("Flightdeck worker started"));
