// Serves the web console (console/dist) from the gateway's own origin, so the console's GraphQL
// requests are same-origin JSON POSTs with a bearer token (ADR 0240). Browser navigation gets
// the console's index.html for any page path; the API paths keep their own handlers.
//
// A browser that opens /graphql itself used to get Apollo's CSRF refusal as its page: it sends a
// plain GET that is neither a query nor preflighted. It is now redirected to the console's GraphQL
// IDE. Nothing is executed for it, and CSRF prevention of real operations is unchanged.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type Logger } from 'pino';

type Next = (error?: unknown) => void;

/** Paths that belong to the API, never to the console's client-side routes. */
const API_PREFIXES = ['/graphql', '/health', '/ready', '/imports', '/metrics'];

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return (req.method === 'GET' || req.method === 'HEAD') && accept.includes('text/html');
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

function isApiPath(p: string): boolean {
  return API_PREFIXES.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));
}

/**
 * Registers the console's routes; call before `app.init()` so that they run before Apollo's.
 * `graphiqlLandingPage`: Apollo serves its own page on GET /graphql, so no redirect is needed.
 */
export function hostConsole(
  app: NestExpressApplication,
  consoleDir: string | null,
  options: { graphiqlLandingPage: boolean; logger: Logger },
): void {
  const indexHtml = consoleDir ? path.join(consoleDir, 'index.html') : null;
  const built = indexHtml !== null && existsSync(indexHtml);
  if (consoleDir && !built)
    options.logger.warn(
      { consoleDir },
      'web console not built: run `bash console/build.sh` (npm start does); / answers 503 until then',
    );

  app.use((req: IncomingMessage, res: ServerResponse, next: Next) => {
    if (!wantsHtml(req)) return next();
    const p = pathOf(req);
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (p === '/graphql' && !options.graphiqlLandingPage && !url.searchParams.has('query')) {
      res.statusCode = 302;
      res.setHeader('location', '/graphiql');
      res.end();
      return;
    }
    if (isApiPath(p) || path.extname(p) !== '' || !consoleDir) return next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('cache-control', 'no-cache');
    if (!built || !indexHtml) {
      res.statusCode = 503;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('The web console is not built yet: run `bash console/build.sh`, then reload.\n');
      return;
    }
    (res as ServerResponse & { sendFile(file: string): void }).sendFile(indexHtml);
  });
  if (built && consoleDir)
    // Hashed file names under assets/: cacheable for a year; index.html itself is never cached.
    app.useStaticAssets(consoleDir, {
      index: false,
      fallthrough: true,
      setHeaders: (res: ServerResponse, file: string) => {
        res.setHeader('x-content-type-options', 'nosniff');
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    });
}
