// Material's base helpers (partials/javascripts/base.html of mkdocs-material 9.x), loaded as a file rather than
// inline so that the site runs under a Content-Security-Policy of script-src 'self'. Keep in step with Material.
(() => {
  const scope = document.currentScript.dataset.scope;
  window.__md_scope = new URL(scope, location);
  window.__md_hash = (e) => [...e].reduce((h, c) => (h << 5) - h + c.charCodeAt(0), 0);
  window.__md_get = (key, storage = localStorage, base = __md_scope) => JSON.parse(storage.getItem(`${base.pathname}.${key}`));
  window.__md_set = (key, value, storage = localStorage, base = __md_scope) => {
    try {
      storage.setItem(`${base.pathname}.${key}`, JSON.stringify(value));
    } catch {}
  };
})();
