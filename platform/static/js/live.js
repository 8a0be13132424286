// Live updates of a family's open page (server push). No framework, no CDN.
//
// The page carries data-live-* attributes (push.views.live_page): the stream URL, a short-lived
// token, where to renew it and where to re-read a section. An event names what changed
// ({"kind": "marks", "pupil": 12}); the page fetches that section's fresh HTML with the family's
// own session and swaps it in. Without JavaScript the page is already complete.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");
  if (!root || !window.EventSource || !window.fetch) return;

  var pupil = Number(root.dataset.livePupil);
  var SECTIONS = {
    marks: ["marks"],
    absence: ["attendance"],
    leave: ["attendance"],
    note: ["notes"]
  };
  var ALL = ["marks", "attendance", "notes"];
  var NOTICES = { announcement: true, message: true };
  var RENEW_BEFORE_MS = 60000;
  var MAX_BACKOFF_MS = 60000;

  var token = root.dataset.liveToken;
  var streamUrl = root.dataset.liveUrl;
  var expiresIn = Number(root.dataset.liveExpiresIn) * 1000;
  var tokenAt = Date.now();
  var current = null; // the EventSource that delivers events
  var everOpened = false;
  var missed = false; // a gap in the stream: re-read everything at the next hello
  var failures = 0;
  var renewTimer = null;
  var requested = {}; // section -> number of the newest fetch, so a late answer never wins

  function setState(state) {
    root.dataset.liveState = state;
  }

  function sectionUrl(name) {
    var base = root.dataset.liveSectionUrl;
    return base + (base.indexOf("?") < 0 ? "?" : "&") + "section=" + encodeURIComponent(name);
  }

  function cue(section) {
    var template = root.querySelector("template[data-live-cue]");
    if (template && template.content) {
      var heading = section.querySelector("h2");
      var node = template.content.firstElementChild.cloneNode(true);
      if (heading) heading.insertAdjacentElement("afterend", node);
      else section.insertBefore(node, section.firstChild);
    }
    section.classList.add("live-updated");
    window.setTimeout(function () {
      section.classList.remove("live-updated");
    }, 4000);
  }

  function refresh(names) {
    names.forEach(function (name) {
      if (!document.getElementById(name)) return;
      var number = (requested[name] || 0) + 1;
      requested[name] = number;
      fetch(sectionUrl(name), { credentials: "same-origin", redirect: "manual" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          if (requested[name] !== number) return;
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("section#" + name);
          var shown = document.getElementById(name);
          if (!fresh || !shown) return;
          shown.parentNode.replaceChild(fresh, shown);
          cue(fresh);
        })
        .catch(function () {
          /* the next event, or a reload, shows it */
        });
    });
  }

  function handle(event) {
    if (NOTICES[event.kind] && (event.pupil === null || event.pupil === undefined || event.pupil === pupil)) {
      var notice = root.querySelector('[data-live-notice="' + event.kind + '"]');
      if (notice) notice.hidden = false;
      return;
    }
    if (event.pupil === pupil && SECTIONS[event.kind]) refresh(SECTIONS[event.kind]);
  }

  function scheduleRenewal() {
    window.clearTimeout(renewTimer);
    var wait = Math.max(5000, expiresIn - (Date.now() - tokenAt) - RENEW_BEFORE_MS);
    renewTimer = window.setTimeout(renew, wait);
  }

  function retryLater() {
    failures += 1;
    var wait = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, failures - 1));
    window.clearTimeout(renewTimer);
    renewTimer = window.setTimeout(renew, wait + Math.random() * 1000);
  }

  // A new token, then a new stream; the old one (if any) is closed once the new one is open,
  // so a planned renewal loses no event.
  function renew() {
    fetch(root.dataset.liveTokenUrl, { credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.status === 401 || response.type === "opaqueredirect") {
          setState("signed-out");
          if (current) current.close();
          return null;
        }
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (body) {
        if (!body) return;
        token = body.token;
        streamUrl = body.url;
        expiresIn = body.expires_in * 1000;
        tokenAt = Date.now();
        open();
      })
      .catch(retryLater);
  }

  function open() {
    var url = streamUrl + (streamUrl.indexOf("?") < 0 ? "?" : "&") + "token=" + encodeURIComponent(token);
    var source = new EventSource(url);
    source.addEventListener("hello", function () {
      if (current && current !== source) current.close();
      current = source;
      failures = 0;
      setState("open");
      if (everOpened && missed) refresh(ALL);
      everOpened = true;
      missed = false;
      scheduleRenewal();
    });
    source.onmessage = function (message) {
      if (source !== current) return;
      try {
        handle(JSON.parse(message.data));
      } catch (error) {
        /* not an event of ours */
      }
    };
    source.addEventListener("resync", function () {
      if (source === current) refresh(ALL);
    });
    source.addEventListener("expired", function () {
      source.close();
      if (source !== current) return;
      missed = true;
      setState("reconnecting");
      renew();
    });
    source.onerror = function () {
      if (source !== current && current !== null) {
        source.close(); // a renewal that failed: keep the stream we have, try again later
        retryLater();
        return;
      }
      missed = true;
      setState("reconnecting");
      // The browser reconnects by itself after a dropped connection (CONNECTING); it gives up
      // (CLOSED) when the server refuses, e.g. an expired token: then renew it.
      if (source.readyState === EventSource.CLOSED) {
        current = null;
        retryLater();
      }
    };
  }

  setState("connecting");
  open();
})();
