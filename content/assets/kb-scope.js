// The theme's start-up helpers (Material for MkDocs, partials/javascripts/base.html), loaded as a
// file rather than inline so that the Content-Security-Policy needs no inline script. The scope
// is the site's root: this file is at <root>/assets/kb-scope.js.
__md_scope = new URL("..", document.currentScript.src);
__md_hash = function (e) { return [...e].reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0); };
__md_get = function (e, _ = localStorage, t = __md_scope) { return JSON.parse(_.getItem(t.pathname + "." + e)); };
__md_set = function (e, _, t = localStorage, a = __md_scope) { try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) {} };
