// Starts the vendored Swagger UI on /api/v1/docs (motcua/api/docs.py). Kept out of the page so
// the page needs no inline script.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  // A signed-in browser session may try the write endpoints: Django wants its CSRF token.
  config.requestInterceptor = function (request) {
    if (csrfToken) {
      request.headers["X-CSRFToken"] = csrfToken;
    }
    return request;
  };
  window.ui = SwaggerUIBundle(config);
})();
