// The family portal as an app: registers the service worker (/sw.js), keeps one user's pages
// away from the next, and switches web push on this phone. No framework, no CDN.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  var PAGES_CACHE = "truongso-pages";
  var USER_KEY = "truongso-user";
  var config = script.dataset;

  function remembered() {
    try { return localStorage.getItem(USER_KEY); } catch (error) { return null; }
  }
  function remember(user) {
    try {
      if (user) localStorage.setItem(USER_KEY, user); else localStorage.removeItem(USER_KEY);
    } catch (error) { /* private mode: nothing to remember */ }
  }
  function clearPages() {
    return window.caches ? caches.delete(PAGES_CACHE) : Promise.resolve(false);
  }
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    });
  }
  function within(ms, promise) {
    return Promise.race([promise, new Promise(function (resolve) { setTimeout(resolve, ms); })]);
  }

  var registered = navigator.serviceWorker.register(config.serviceWorker, { scope: "/" });
  registered.catch(function () { /* no worker (an insecure origin): the pages still work */ });

  // Pages kept on the phone belong to the user who opened them. Nobody signed in: drop them.
  // Somebody else signed in: drop them and the previous user's notifications on this phone.
  var user = config.user || "";
  var previous = remembered();
  if (!user) {
    clearPages();
  } else if (previous !== user) {
    clearPages();
    remember(user);
    if (previous) {
      registered.then(function (registration) {
        return registration.pushManager && registration.pushManager.getSubscription();
      }).then(function (subscription) {
        if (subscription) return subscription.unsubscribe();
      }).catch(function () { /* nothing to undo */ });
    }
  }

  // Signing out: this phone stops receiving the user's notifications and forgets their pages,
  // then the form goes on (after two seconds at most, whatever happens).
  function forgetThisPhone() {
    remember("");
    var unsubscribed = registered.then(function (registration) {
      return registration.pushManager ? registration.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (!subscription) return;
      return post(config.unsubscribe, { endpoint: subscription.endpoint }).then(function () {
        return subscription.unsubscribe();
      });
    });
    return Promise.all([clearPages(), unsubscribed.catch(function () {})]);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("action") !== config.logout || form.dataset.pwaDone) return;
    event.preventDefault();
    function go() { form.dataset.pwaDone = "1"; form.submit(); }
    within(2000, forgetThisPhone()).then(go, go);
  });

  // "Receive notifications on this phone".
  var toggle = document.querySelector("[data-push-toggle]");
  if (!toggle) return;
  var box = toggle.querySelector("input[type=checkbox]");
  var status = toggle.querySelector("[data-push-status]");
  var messages = toggle.dataset;
  toggle.hidden = false;
  function say(text) { status.textContent = text || ""; }
  function keyBytes(base64url) {
    var text = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  if (!("PushManager" in window) || !("Notification" in window)) {
    box.disabled = true;
    say(messages.msgUnsupported);
    return;
  }
  // Errors meant for the user carry `shown`; the browser's own (in English) are not shown.
  function failure(text) {
    var error = new Error(text || messages.msgFailed);
    error.shown = true;
    return error;
  }
  function answer(response) {
    if (response.ok) return response;
    return response.json().then(function (data) { throw failure(data.message); },
      function () { throw failure(messages.msgFailed); });
  }
  function save(subscription) {
    return post(messages.subscribe, subscription.toJSON()).then(answer);
  }
  function turnOn(registration) {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw failure(messages.msgDenied);
      return registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(messages.key)
      });
    }).then(function (subscription) {
      return save(subscription).catch(function (error) {
        return subscription.unsubscribe().then(function () { throw error; });
      });
    });
  }
  function turnOff(registration) {
    return registration.pushManager.getSubscription().then(function (subscription) {
      if (!subscription) return;
      return post(messages.unsubscribe, { endpoint: subscription.endpoint }).then(answer)
        .then(function () { return subscription.unsubscribe(); });
    });
  }

  navigator.serviceWorker.ready.then(function (registration) {
    return registration.pushManager.getSubscription().then(function (subscription) {
      var on = !!subscription && Notification.permission === "granted";
      box.checked = on;
      if (Notification.permission === "denied") say(messages.msgDenied);
      // Once per visit, make sure the server still has this phone (the push service may have
      // renewed the subscription since).
      if (on) {
        var synced = "truongso-push-synced";
        try {
          if (sessionStorage.getItem(synced) !== subscription.endpoint) {
            save(subscription).then(function () {
              sessionStorage.setItem(synced, subscription.endpoint);
            }).catch(function () {});
          }
        } catch (error) { /* no sessionStorage: try again next time */ }
      }
      box.addEventListener("change", function () {
        var wanted = box.checked;
        box.disabled = true;
        say("");
        (wanted ? turnOn(registration) : turnOff(registration)).then(function () {
          say(wanted ? messages.msgOn : messages.msgOff);
        }, function (error) {
          box.checked = !wanted;
          say(error && error.shown ? error.message : messages.msgFailed);
        }).then(function () { box.disabled = false; });
      });
    });
  });
})();
