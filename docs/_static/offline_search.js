/* Search result snippets for a site opened from disk (docs/_ext/offline_search.py).
   Sphinx's search fetches each result's page to show a snippet; a browser refuses fetch() on
   file:// addresses. From disk, this answers those fetches from _static/search_pages.js, loaded
   with a <script> tag (which file:// allows) the first time a page of the site is asked for. */
(() => {
  "use strict";
  if (window.location.protocol !== "file:") return;  // over HTTP, Sphinx's own fetch works
  const realFetch = window.fetch.bind(window);
  const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
  let pages = null;
  const loadPages = () => pages || (pages = new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = new URL("_static/search_pages.js", root).href;
    script.onload = () => resolve(window.ATTN_TEACH_SEARCH_PAGES || {});
    script.onerror = () => resolve({});
    document.head.appendChild(script);
  }));
  window.fetch = (resource, options) => {
    const url = new URL(typeof resource === "string" ? resource : resource.url, window.location.href);
    if (url.protocol !== "file:" || !url.pathname.startsWith(root.pathname) || !url.pathname.endsWith(".html")) {
      return realFetch(resource, options);
    }
    const docname = decodeURIComponent(url.pathname.slice(root.pathname.length)).replace(/\.html$/, "");
    return loadPages().then((known) => new Response(
      `<div role="main">${known[docname] || ""}</div>`, {headers: {"Content-Type": "text/html"}}));
  };
})();
