/**
 * The interactive API docs at `/docs`: Swagger UI served from the `swagger-ui-dist` package
 * (no CDN), reading `/openapi.json`, and above it the **pictures** panel: a run's timeline
 * (`GET /api/v1/runs/:id/timeline.svg`) or a workflow's graph (`GET /api/v1/workflows/:id/graph.svg`)
 * drawn in the page, fetched with the key given under Swagger UI's "Authorize" (never a key in a
 * URL). `/docs/?timeline=<run id>` or `/docs/?graph=<workflow id>` draws that one on opening.
 * Scripts are files, not inline, so helmet's default CSP holds (the picture is a `data:` image).
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
  <link rel="stylesheet" href="/docs/pictures.css">
</head>
<body>
  <section id="pictures" aria-labelledby="pictures-title">
    <h2 id="pictures-title">Pictures</h2>
    <p>A run as a waterfall (<a href="#/runs/getRunTimelineSvg">GET /api/v1/runs/{id}/timeline.svg</a>) or a
    workflow definition as a graph (<a href="#/workflows/getWorkflowGraphSvg">GET /api/v1/workflows/{id}/graph.svg</a>),
    drawn server-side. Give a key under <b>Authorize</b> below, then an id.</p>
    <form id="picture-form">
      <select name="kind" aria-label="picture">
        <option value="timeline">run timeline</option>
        <option value="graph">workflow graph</option>
      </select>
      <input name="id" aria-label="id" placeholder="run or workflow id" size="40" required>
      <button type="submit">Show</button>
      <span id="picture-status" role="status"></span>
    </form>
    <img id="picture" alt="" hidden>
  </section>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

const CSS = `#pictures { max-width: 1460px; margin: 0 auto; padding: 12px 20px 0; font-family: sans-serif; }
#pictures h2 { margin: 0 0 4px; font-size: 20px; }
#pictures p { margin: 0 0 8px; }
#picture-form { display: flex; gap: 8px; align-items: center; }
#picture { display: block; max-width: 100%; margin-top: 12px; border: 1px solid #ddd; }
#picture[hidden] { display: none; }`;

// `?expand=all&tag=<tag>` opens every operation of one tag (the docs check looks for resolver
// errors in them); only these choices are read from the URL, never other Swagger UI settings.
// The pictures panel asks the API with the bearer key Swagger UI holds (Authorize) and shows the
// SVG as a data: image (helmet's img-src allows data:, and an <img> runs no script of the SVG's).
const INIT = `const q = new URLSearchParams(location.search);
const form = document.getElementById('picture-form');
const status = document.getElementById('picture-status');
const picture = document.getElementById('picture');
const PATHS = { timeline: (id) => '/api/v1/runs/' + encodeURIComponent(id) + '/timeline.svg',
  graph: (id) => '/api/v1/workflows/' + encodeURIComponent(id) + '/graph.svg' };
for (const kind of Object.keys(PATHS)) if (q.get(kind)) { form.kind.value = kind; form.id.value = q.get(kind); }
function bearerKey() {
  try { return window.ui.authSelectors.authorized().getIn(['bearerAuth', 'value']) || ''; } catch { return ''; }
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = bearerKey();
  picture.hidden = true;
  status.textContent = 'drawing…';
  try {
    const res = await fetch(PATHS[form.kind.value](form.id.value.trim()), { headers: key ? { Authorization: 'Bearer ' + key } : {} });
    if (!res.ok) {
      const problem = await res.json().catch(() => ({}));
      status.textContent = res.status + ' ' + (problem.detail || problem.title || res.statusText) + (res.status === 401 ? ' (give a key under Authorize)' : '');
      return;
    }
    picture.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(await res.text());
    picture.alt = form.kind.value === 'timeline' ? 'run timeline' : 'workflow graph';
    picture.hidden = false;
    status.textContent = '';
  } catch (e) {
    status.textContent = 'could not reach the API: ' + e.message;
  }
});
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true,
  docExpansion: q.get('expand') === 'all' ? 'full' : 'list', filter: q.get('tag') || false,
  // a page opened with ?timeline=<id> or ?graph=<id> draws it once the stored key is restored
  onComplete: () => { if (form.id.value) form.requestSubmit(); } });`;

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
  router.get('/pictures.css', (_req, res) => {
    res.type('text/css').send(CSS);
  });
  router.use('/assets', express.static(swaggerUiDist.getAbsoluteFSPath(), { index: false, maxAge: '1h' }));
  return router;
}
