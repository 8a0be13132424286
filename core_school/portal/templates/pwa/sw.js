// Trường Số service worker (version __VERSION__), served at /sw.js so that its scope is the
// whole school site. It keeps the stylesheet, the scripts, the icons and an offline page on the
// phone; loads pages from the network first (a visited family page stays readable offline
// until sign-out, see pwa.js); and shows web push notifications.
"use strict";

var CONFIG = {{ config|safe }};
var STATIC_CACHE = "truongso-static-__VERSION__";
var PAGES_CACHE = "truongso-pages";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      // The offline page without cookies: it is the same page for everybody.
      var offline = new Request(CONFIG.offline, { credentials: "omit" });
      return cache.addAll(CONFIG.precache).then(function () {
        return fetch(offline).then(function (response) {
          if (!response.ok) throw new Error("offline page: " + response.status);
          return cache.put(CONFIG.offline, response);
        });
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("truongso-static-") === 0 && key !== STATIC_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keepPage(request, response) {
  var url = new URL(request.url);
  var cacheControl = response.headers.get("Cache-Control") || "";
  // Only the family pages, only real answers (a redirect to the sign-in page is not one).
  return url.pathname.indexOf(CONFIG.pages) === 0 && response.ok && !response.redirected &&
    response.type === "basic" && cacheControl.indexOf("no-store") === -1;
}

function page(request) {
  return fetch(request).then(function (response) {
    if (keepPage(request, response)) {
      var copy = response.clone();
      caches.open(PAGES_CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES_CACHE).then(function (cache) {
      return cache.match(request);
    }).then(function (kept) {
      return kept || caches.match(CONFIG.offline);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf(CONFIG.static) === 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try { data = event.data.json(); } catch (error) { data = { body: event.data.text() }; }
  }
  event.waitUntil(self.registration.showNotification(data.title || CONFIG.title, {
    body: data.body || "",
    icon: CONFIG.icon,
    badge: CONFIG.badge,
    data: { url: data.url || CONFIG.pages }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  // Open the link on this site only: its path on our own origin, whatever host it names.
  var link = new URL((event.notification.data && event.notification.data.url) || CONFIG.pages,
    self.location.origin);
  var target = new URL(link.pathname + link.search + link.hash, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target);
    })
  );
});
