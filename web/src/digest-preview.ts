/**
 * The digest preview's own document (/digest-preview.html, framed by HQ's digest page). The mail's HTML
 * needs inline styles, which the app's CSP refuses; this document has a policy of its own that allows
 * them (functions/security-headers.ts, DIGEST_PREVIEW_CSP). It takes the HTML only from the page that
 * framed it, on our own origin, and shows it; the mail carries no scripts, and this policy would refuse them.
 */
window.addEventListener('message', (event: MessageEvent<{ html?: unknown }>) => {
  if (event.source !== window.parent || event.origin !== location.origin || typeof event.data?.html !== 'string') return;
  const mail = new DOMParser().parseFromString(event.data.html, 'text/html');
  document.replaceChild(document.importNode(mail.documentElement, true), document.documentElement);
});
window.parent.postMessage({ digestPreviewReady: true }, location.origin);
