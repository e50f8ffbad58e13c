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

// `?expand=all` opens every operation (the docs check looks for resolver errors in them); only
// that one fixed choice is read from the URL, never other Swagger UI settings
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true,
  docExpansion: new URLSearchParams(location.search).get('expand') === 'all' ? 'full' : 'list' });`;

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
