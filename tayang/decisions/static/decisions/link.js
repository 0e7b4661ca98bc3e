// The decision link carries its token in the address's fragment (after "#"), which browsers
// never send to a server: no access log, proxy or Referer ever sees it. This script takes it
// out of the address bar and the history at once, then posts it (docs/decisions.md). It also
// listens for a new fragment: a second link opened over a decision page in the same tab
// changes only the fragment and loads no new page.
(function () {
  "use strict";
  var form = document.getElementById("open-link");
  if (!form) { return; }

  function openFromFragment() {
    var token = window.location.hash.replace(/^#/, "");
    if (window.history && window.history.replaceState && window.location.hash) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    if (!token) { return false; }
    try { token = decodeURIComponent(token); } catch (error) { /* sent as it is: refused */ }
    form.elements.token.value = token;
    form.submit();
    return true;
  }

  window.addEventListener("hashchange", openFromFragment);
  var opening = document.getElementById("opening");
  if (!openFromFragment() && opening) {
    opening.hidden = true;
    document.getElementById("no-token").hidden = false;
  }
}());
