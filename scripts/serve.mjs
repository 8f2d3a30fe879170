#!/usr/bin/env node
// A tiny dependency-free static file server for the playground (www/) and the browser tests.
//
//   node scripts/serve.mjs [ROOT]        ROOT defaults to www/ beside this script's parent; PORT (default 8080)
//                                        and HOST (default 127.0.0.1) come from the environment.
//
// As a module: `const srv = await startServer({ root, port: 0 }); ... await srv.close();`
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".yaml": "text/plain; charset=utf-8",
  ".yml": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export function contentType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(body);
}

/** Maps a request path onto a file under root; null when it would leave root or is malformed. */
function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const full = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

async function handle(root, req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, 405, "method not allowed\n", { Allow: "GET, HEAD" });
    return;
  }
  let pathname;
  try {
    pathname = new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    send(res, 400, "bad request\n");
    return;
  }
  let file = resolveUnder(root, pathname);
  if (file === null) {
    send(res, 403, "forbidden\n");
    return;
  }
  let info;
  try {
    info = await stat(file);
    if (info.isDirectory()) {
      if (!pathname.endsWith("/")) {
        res.writeHead(301, { Location: pathname + "/", "Content-Length": 0 });
        res.end();
        return;
      }
      file = path.join(file, "index.html");
      info = await stat(file);
    }
  } catch {
    send(res, 404, "not found\n");
    return;
  }
  if (!info.isFile()) {
    send(res, 404, "not found\n");
    return;
  }
  res.writeHead(200, {
    "Content-Type": contentType(file),
    "Content-Length": info.size,
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/**
 * Starts the server. Resolves to { server, port, host, url, close() } once it listens.
 * port 0 picks a free port.
 */
export function startServer({ root, port = 8080, host = "127.0.0.1" } = {}) {
  const absRoot = path.resolve(root ?? defaultRoot());
  const sockets = new Set();
  const server = createServer((req, res) => {
    handle(absRoot, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, "internal error\n");
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const actual = server.address().port;
      resolve({
        server,
        host,
        port: actual,
        root: absRoot,
        url: `http://${host}:${actual}/`,
        close() {
          return new Promise((done) => {
            server.close(() => done());
            // Keep-alive connections would hold close() open: end them.
            for (const socket of sockets) socket.destroy();
          });
        },
      });
    });
  });
}

function defaultRoot() {
  return fileURLToPath(new URL("../www/", import.meta.url));
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const root = process.argv[2] ?? defaultRoot();
  const port = Number.parseInt(process.env.PORT ?? "8080", 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad PORT ${JSON.stringify(process.env.PORT)}`);
    process.exit(2);
  }
  const srv = await startServer({ root, port, host: process.env.HOST ?? "127.0.0.1" });
  console.log(`Serving ${srv.root} at ${srv.url}  (Ctrl-C to stop)`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
