// Keeps the nav badges current: elements marked data-live-count="messages" or
// data-live-count="notifications" get the new totals pushed over ws/notifications/.
(function () {
  "use strict";
  if (!("WebSocket" in window) || !document.querySelector("[data-live-count]")) return;
  var delay = 1000;

  function update(kind, total) {
    document.querySelectorAll('[data-live-count="' + kind + '"]').forEach(function (el) {
      el.textContent = total > 0 ? String(total) : "";
      el.hidden = total === 0;
    });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/notifications/");
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (e) {
      var data = JSON.parse(e.data);
      if (data.type === "unread.messages") update("messages", data.total);
      if (data.type === "unread.notifications") update("notifications", data.total);
    };
    socket.onclose = function (e) {
      if (e.code === 4403 || e.code === 4401) return;  // not signed in, or signed out: do not retry
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
