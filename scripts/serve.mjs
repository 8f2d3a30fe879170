#!/usr/bin/env node
// A tiny dependency-free static file server for the playground (www/) and the browser tests. Text and
// wasm are sent compressed (brotli when the client accepts it, else gzip; node:zlib), compressed once per
// file version and kept in memory. /favicon.ico is served from favicon.svg when there is no .ico.
//
//   node scripts/serve.mjs [ROOT]        ROOT defaults to www/ beside this script's parent; PORT (default 8080)
//                                        and HOST (default 127.0.0.1) come from the environment.
//
// As a module: `const srv = await startServer({ root, port: 0 }); ... await srv.close();`
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { promisify } from "node:util";
import zlib from "node:zlib";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
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

/** Types worth compressing (images other than SVG are compressed already). */
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".map", ".wasm", ".ts", ".yaml", ".yml", ".txt", ".md", ".svg"]);
/** Files larger than this are streamed as they are (the playground's largest, the .wasm, is about 2.6 MB). */
const MAX_COMPRESS_BYTES = 64 * 1024 * 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const ENCODERS = {
  // Quality 9 is close to 11's size at a small fraction of its time (the first request waits for it).
  br: (data) => brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  gzip: (data) => gzip(data, { level: 9 }),
};

/**
 * The encoding to send for an Accept-Encoding header: "br" if accepted, else "gzip", else null. A q=0
 * refuses a coding.
 */
export function chooseEncoding(acceptEncoding) {
  const accepted = new Map();
  for (const part of String(acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name, q ? Number.parseFloat(q.slice(2)) : 1);
  }
  const ok = (coding) => {
    const q = accepted.get(coding) ?? (accepted.has("*") ? accepted.get("*") : 0);
    return Number.isFinite(q) && q > 0;
  };
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return null;
}

/** Compressed bodies by file, encoding and version (mtime and size): a changed file is compressed again. */
const compressedCache = new Map();

async function compressed(file, info, encoding) {
  const key = `${encoding}\0${file}`;
  const version = `${info.mtimeMs}:${info.size}`;
  const hit = compressedCache.get(key);
  if (hit && hit.version === version) return hit.body;
  const body = ENCODERS[encoding](await readFile(file));
  compressedCache.set(key, { version, body });
  // A failed compression is not kept.
  body.catch(() => compressedCache.delete(key));
  return body;
}

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
    // Browsers ask for /favicon.ico whatever the page links: answer with the SVG icon.
    const icon = pathname === "/favicon.ico" ? await stat(path.join(root, "favicon.svg")).catch(() => null) : null;
    if (!icon) {
      send(res, 404, "not found\n");
      return;
    }
    file = path.join(root, "favicon.svg");
    info = icon;
  }
  if (!info.isFile()) {
    send(res, 404, "not found\n");
    return;
  }
  const ext = path.extname(file).toLowerCase();
  const compressible = COMPRESSIBLE.has(ext) && info.size <= MAX_COMPRESS_BYTES;
  const encoding = compressible ? chooseEncoding(req.headers["accept-encoding"]) : null;
  const headers = {
    "Content-Type": contentType(file),
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
  };
  // The body depends on Accept-Encoding for every compressible file, including those sent plain.
  if (compressible) headers.Vary = "Accept-Encoding";
  if (encoding) {
    const body = await compressed(file, info, encoding);
    res.writeHead(200, { ...headers, "Content-Encoding": encoding, "Content-Length": body.length });
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": info.size });
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
