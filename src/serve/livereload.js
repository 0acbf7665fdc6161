// kla serve: reloads the page when a rebuild finishes (server-sent events).
// "css" swaps the stylesheets in place; anything else reloads the page.
(function () {
  var source = new EventSource("/__kla/livereload");
  source.onmessage = function (event) {
    if (event.data !== "css") { location.reload(); return; }
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("kla-reload", Date.now());
      link.href = url.toString();
    });
  };
})();
