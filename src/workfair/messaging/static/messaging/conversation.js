// Live conversation page: appends messages arriving over the websocket, keeps the htmx send
// form tidy (reset after sending, errors shown above the form), and marks live messages read
// while the page is in view. Without JavaScript the page still works (plain form post).
(function () {
  "use strict";
  var list = document.getElementById("message-list");
  if (!list) return;
  var form = document.getElementById("send-form");
  var errors = document.getElementById("send-errors");
  var socket = null;
  var delay = 1000;

  function scrollToEnd() {
    var last = list.lastElementChild;
    if (last) last.scrollIntoView({block: "end"});
  }

  function append(html, id) {
    if (document.getElementById("message-" + id)) return;  // already shown (sent from this page)
    list.insertAdjacentHTML("beforeend", html);
    var empty = document.getElementById("no-messages");
    if (empty) empty.remove();
    scrollToEnd();
  }

  function markRead(id) {
    if (socket && socket.readyState === WebSocket.OPEN && document.visibilityState === "visible") {
      socket.send(JSON.stringify({type: "read", up_to_message_id: id}));
    }
  }

  function connect() {
    if (!("WebSocket" in window)) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + list.dataset.wsPath);
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (e) {
      var data = JSON.parse(e.data);
      if (data.type === "message.created") {
        append(data.html, data.message.id);
        if (!data.message.mine) markRead(data.message.id);
      } else if (data.type === "conversation.status") {
        window.location.reload();
      }
    };
    socket.onclose = function (e) {
      if (e.code === 4403 || e.code === 4401) return;  // not allowed here, or signed out: do not retry
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  // htmx fires these on the swap target (the message list), not on the form: listen on the body
  // and pick the send form's requests.
  function fromForm(e) {
    var config = e.detail.requestConfig;
    return form && config && config.elt === form;
  }

  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var config = e.detail.requestConfig;
    var body = document.getElementById("message-body");
    if (config && body && config.elt === body && body.value.trim() === "") {
      // A warn-as-you-type answer that arrives after the message was sent (leaving the box fires
      // "change") speaks of text that is gone: drop it rather than show a stale warning.
      e.detail.shouldSwap = false;
      return;
    }
    if (!fromForm(e)) return;
    var xhr = e.detail.xhr;
    if (xhr.status >= 400 && xhr.status < 500) {
      // Refusals (400/404/409...) come back as a short explanation: show it above the form.
      e.detail.shouldSwap = true;
      e.detail.isError = false;
      e.detail.target = errors;
    } else if (xhr.status === 200) {
      var id = xhr.getResponseHeader("X-Message-Id");
      // The websocket may have delivered this message already.
      if (id && document.getElementById("message-" + id)) e.detail.shouldSwap = false;
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (e) {
    // Only a message that was sent clears the form (a refusal was shown above it, see above).
    var status = e.detail.xhr ? e.detail.xhr.status : 0;
    if (!fromForm(e) || status < 200 || status >= 300) return;
    form.reset();
    errors.innerHTML = "";
    var check = document.getElementById("message-check");  // the warn-as-you-type area
    if (check) check.innerHTML = "";
    var empty = document.getElementById("no-messages");
    if (empty) empty.remove();
    scrollToEnd();
  });

  connect();
})();
