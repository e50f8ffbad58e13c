/**
 * The interactive API docs at `/docs`: Swagger UI served from the `swagger-ui-dist` package
 * (no CDN), reading `/openapi.json`. Scripts are files, not inline, so helmet's default CSP holds.
 * @module
 */
import express, { Router } from 'express';
import swaggerUiDist from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Agent Studio API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

// `?expand=all&tag=<tag>` opens every operation of one tag (the docs check looks for resolver
// errors in them); only these two choices are read from the URL, never other Swagger UI settings
const INIT = `const q = new URLSearchParams(location.search);
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true,
  docExpansion: q.get('expand') === 'all' ? 'full' : 'list', filter: q.get('tag') || false });`;

/**
 * The docs router, mounted at `/docs`.
 *
 * @example
 * app.use('/docs', docsRouter());
 */
export function docsRouter(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/assets', express.static(swaggerUiDist.getAbsoluteFSPath(), { index: false, maxAge: '1h' }));
  return router;
}
