// Live chat with support: the panel on every page (people) and the agent workspace (console).
// Each element [data-chat] holds one chat: a log, a form, a status line. Messages carry numbers
// (seq); the socket reconnects with ?after=<last number shown>, so nothing is lost, and numbers
// already shown are skipped, so nothing repeats. A message is sent with its own id (client_id)
// and sent again after a reconnect until the server echoes it back; the server stores it once.
(() => {
  "use strict";
  const scheme = location.protocol === "https:" ? "wss" : "ws";

  function setupChat(box) {
    const log = box.querySelector("[data-chat-log]");
    const form = box.querySelector("[data-chat-form]");
    const statusLine = box.querySelector("[data-chat-status]");
    const input = form.querySelector("textarea");
    const endButton = box.querySelector("[data-chat-end]");
    let sessionId = box.dataset.session || "";
    let lastSeq = 0;
    let socket = null;
    let retry = 500;
    const pending = new Map(); // client_id -> body, until echoed back

    function show(message) {
      if (message.seq <= lastSeq) return;
      lastSeq = message.seq;
      const item = document.createElement("li");
      const mine = message.from_staff === (box.dataset.side === "agent");
      item.className = "message" + (mine ? " message-mine" : "");
      const meta = document.createElement("div");
      meta.className = "message-meta";
      meta.textContent = message.author_name + " · " + message.created_at.slice(11, 16);
      const text = document.createElement("p");
      text.textContent = message.body;
      item.append(meta, text);
      item.dataset.seq = message.seq;
      log.append(item);
      log.scrollTop = log.scrollHeight;
      if (message.client_id) pending.delete(message.client_id);
    }

    function showStatus(event) {
      let text = "";
      if (event.status === "queued") {
        text = "Waiting for an agent: you are number " + event.queue_position + " in the queue";
        text += event.expected_wait_minutes ? ", about " + event.expected_wait_minutes + " min." : ".";
      }
      else if (event.status === "active") text = box.dataset.side === "agent" ? "" : "You are chatting with " + event.agent_name + ".";
      else if (event.status === "ended") text = "This chat has ended. The transcript was sent to you by e-mail.";
      else if (event.status === "ticket") text = "Nobody is on shift right now: your message became a ticket and we answer within hours.";
      statusLine.textContent = text;
      if (event.ticket_url) {
        const link = document.createElement("a");
        link.href = event.ticket_url;
        link.textContent = " See the ticket.";
        statusLine.append(link);
      }
      if (event.status === "ended" || event.status === "ticket") {
        form.hidden = true;
        if (endButton) endButton.hidden = true;
        sessionId = box.dataset.side === "agent" ? sessionId : "";
        if (box.dataset.side !== "agent") { box.dataset.session = ""; }
        if (socket) socket.close(1000);
      }
    }

    function connect() {
      if (!sessionId) return;
      socket = new WebSocket(scheme + "://" + location.host + "/ws/support/chat/" + sessionId + "/?after=" + lastSeq);
      socket.addEventListener("open", () => {
        retry = 500;
        for (const [clientId, body] of pending) socket.send(JSON.stringify({ type: "send", body, client_id: clientId }));
      });
      socket.addEventListener("message", (raw) => {
        const event = JSON.parse(raw.data);
        if (event.type === "chat.message") show(event.message);
        else if (event.type === "chat.status") showStatus(event);
        else if (event.type === "error") statusLine.textContent = event.message;
        else if (event.type === "account.locked") statusLine.textContent = event.message;
      });
      socket.addEventListener("close", (closed) => {
        socket = null;
        if (closed.code === 1000 || closed.code === 4403 || closed.code === 4401 || !sessionId) return;
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 10000);
      });
    }

    async function start(body, clientId) {
      const data = new FormData();
      data.append("body", body);
      data.append("client_id", clientId);
      const answer = await fetch(box.dataset.startUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      });
      const result = await answer.json();
      if (!answer.ok) { statusLine.textContent = result.detail || "Could not start the chat."; return; }
      pending.delete(clientId);
      sessionId = String(result.session_id);
      box.dataset.session = sessionId;
      lastSeq = 0;
      log.textContent = "";
      form.hidden = false;
      if (endButton) endButton.hidden = false;
      connect();
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const body = input.value.trim();
      if (!body) return;
      const clientId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).slice(0, 64);
      pending.set(clientId, body);
      input.value = "";
      if (!sessionId) { start(body, clientId); return; }
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "send", body, client_id: clientId }));
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    if (endButton) endButton.addEventListener("click", () => {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "end" }));
    });
    connect();
  }

  function setupDesk(desk) {
    const open = () => {
      const socket = new WebSocket(scheme + "://" + location.host + "/ws/support/agent/");
      socket.addEventListener("message", (raw) => {
        if (JSON.parse(raw.data).type === "chat.assigned") location.reload();
      });
      socket.addEventListener("close", (closed) => { if (closed.code !== 4403 && closed.code !== 4401) setTimeout(open, 2000); });
    };
    open();
  }

  document.querySelectorAll("[data-chat]").forEach(setupChat);
  document.querySelectorAll("[data-agent-desk]").forEach(setupDesk);
})();
