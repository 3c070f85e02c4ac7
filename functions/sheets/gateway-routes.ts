/**
 * The requests API Gateway hands to the sheets function rather than the API's: spreadsheets in and out,
 * the year's Word report. Written as the HTTP API's route keys are (METHOD, path with {param} segments).
 * One list for the stack (infra/stacks/api.ts makes a route of each), the local server (which sends the same
 * requests to the same app) and the API's Allow header, so the three cannot drift apart. Kept free of
 * imports: the API function's bundle and the CDK app both load it.
 */
export const SHEETS_ROUTES = [
  ['GET', '/api/fiscal-years/{fy}/export.xlsx'],
  ['GET', '/api/fiscal-years/{fy}/export.csv'],
  ['POST', '/api/fiscal-years/{fy}/import'],
  ['GET', '/api/fiscal-years/{fy}/report.docx'],
  // The plan workbook (issue 21): SheetJS reads it, exceljs writes it. GET /api/plans stays the API's.
  ['POST', '/api/plans/import/preview'],
  ['PUT', '/api/plans/import/mappings/{signature}'],
  ['GET', '/api/plans/{id}/export.xlsx'],
  ['GET', '/api/plans/import/template.xlsx'],
  ['POST', '/api/plans'],
] as const;

/**
 * One route key's path matching a request path: same number of segments, each equal or a {param} (non-empty).
 * A trailing slash is ignored, as API Gateway routes /a/ to a route for /a (observed on HTTP APIs, see
 * aws-powertools/powertools-lambda-python#1552).
 */
function pathMatches(routePath: string, path: string): boolean {
  const want = routePath.split('/');
  const got = path.replace(/(.)\/$/, '$1').split('/');
  return want.length === got.length && want.every((segment, i) => (/^\{\w+\}$/.test(segment) ? got[i] !== '' : segment === got[i]));
}

/**
 * The sheets routes whose path is `path` ("/api/fiscal-years/<fy>/import", as sent, not decoded), whatever
 * their method: what the API answers in Allow when such a path comes with another method. Whether API
 * Gateway decodes %-escapes before matching is not documented; every reader here takes the undecoded path,
 * so the split and the Allow agree (export%2Ecsv is no sheets route for either).
 */
export function sheetsMethodsFor(path: string): string[] {
  return SHEETS_ROUTES.filter(([, routePath]) => pathMatches(routePath, path)).map(([method]) => method);
}

/**
 * Whether API Gateway routes this request to the sheets function: a route key of the list with this very
 * method (a route key names one method; HEAD is not a GET route's, so it falls to the API's ANY /api/{proxy+})
 * and a path matching it. Everything else under /api goes to the API function.
 */
export function isSheetsRequest(method: string, path: string): boolean {
  return sheetsMethodsFor(path).includes(method.toUpperCase());
}
