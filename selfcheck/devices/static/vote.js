// selfcheck: the phone page follows the meeting live. Loaded from this server only (CSP
// script-src 'self'); every text is set with textContent, never as HTML.
"use strict";
(function () {
  var body = document.body;
  var page = body.getAttribute("data-page");
  var S = {};
  try { S = JSON.parse(body.getAttribute("data-strings") || "{}"); } catch (e) { S = {}; }
  var csrf = body.getAttribute("data-csrf") || "";
  var state = null;
  var source = null;
  var stopped = false;
  var sending = false;

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? "" : String(values[k]); });
  }
  function $(id) { return document.getElementById(id); }
  function label(choice) {
    if (choice.key === "nvt") { return S["val.na"]; }
    if (choice.key === "weet-niet") { return S["val.unknown"]; }
    return choice.label ? choice.key + " · " + choice.label : choice.key;
  }
  function setStatus(text, kind) {
    var el = $("status");
    if (!el) { return; }
    el.textContent = text;
    el.className = kind ? "status " + kind : "status";
  }

  // On the join page: a device that already joined (its cookie is sent to this same server)
  // goes straight back to its voting page, as the same participant.
  if (page === "join") {
    fetch("/v/state", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s && (s.status === "voting" || s.status === "waiting")) { location.replace("/v"); } })
      .catch(function () {});
    return;
  }
  if (page !== "vote") { return; }

  function choiceLabel(s, key) {
    for (var i = 0; i < s.choices.length; i++) { if (String(s.choices[i].key) === String(key)) { return label(s.choices[i]); } }
    return String(key);
  }

  function render(s) {
    state = s;
    var main = document.querySelector("main");
    if (s.status !== "voting") {
      var key = s.status === "waiting" ? "dv.waiting" : s.status === "stopped" ? "dv.stopped"
        : s.status === "revoked" ? (s.reason || "dv.unknown_device") : "dv.unknown_device";
      var form = $("vote");
      if (form && s.status !== "waiting") { form.hidden = true; }
      if (!$("status")) { var p = document.createElement("p"); p.id = "status"; main.appendChild(p); }
      setStatus(S[key] || key, "message");
      return;
    }
    if (!$("choices")) { location.reload(); return; }  // from waiting to voting: draw the whole page
    $("position").textContent = fill(S["dv.statement"], { n: s.position[0], total: s.position[1] });
    $("text").textContent = s.text;
    $("help").textContent = s.help;
    $("help-box").hidden = !s.help;
    $("item").value = s.item;
    var box = $("choices");
    var buttons = box.querySelectorAll("button.choice");
    if (buttons.length !== s.choices.length) { location.reload(); return; }
    for (var i = 0; i < buttons.length; i++) {
      var c = s.choices[i];
      var mine = s.mine !== null && s.mine !== undefined && String(s.mine) === String(c.key);
      buttons[i].value = c.key;
      buttons[i].setAttribute("aria-pressed", mine ? "true" : "false");
      buttons[i].lastChild.textContent = label(c);
      buttons[i].firstChild.textContent = mine ? "✓" : "";
    }
    box.disabled = !s.open;
    var clear = document.querySelector("button.clear");
    if (clear) { clear.hidden = !(s.open && s.mine !== null && s.mine !== undefined); }
    var has = s.mine !== null && s.mine !== undefined;
    // "Received" only when the server says the file holds it (never just because we tapped).
    var line = has ? (s.received ? fill(S["dv.vote_in"], { value: choiceLabel(s, s.mine) }) : S["dv.sending"]) : S["dv.no_vote"];
    if (!s.open) { line = S["dv.closed"] + (has ? " " + fill(S["dv.yours"], { value: choiceLabel(s, s.mine) }) : ""); }
    setStatus(line, has && s.received ? "in" : "");
    drawDistribution(s);
  }

  function drawDistribution(s) {
    var sec = $("dist");
    if (!sec) { return; }
    while (sec.firstChild) { sec.removeChild(sec.firstChild); }
    if (!s.distribution) { sec.hidden = true; return; }
    sec.hidden = false;
    var h = document.createElement("h2");
    h.textContent = fill(S["dv.distribution"], { n: s.voters });
    sec.appendChild(h);
    var dl = document.createElement("dl");
    for (var i = 0; i < s.distribution.length; i++) {
      var key = s.distribution[i][0], count = s.distribution[i][1];
      var dt = document.createElement("dt");
      dt.textContent = choiceLabel(s, key);
      var dd = document.createElement("dd");
      var bar = document.createElement("progress");
      bar.max = Math.max(1, s.voters);
      bar.value = count;
      var n = document.createElement("span");
      n.textContent = " " + count;
      dd.appendChild(bar);
      dd.appendChild(n);
      dl.appendChild(dt);
      dl.appendChild(dd);
    }
    sec.appendChild(dl);
  }

  function send(value) {
    if (!state || sending) { return; }
    sending = true;
    setStatus(S["dv.sending"], "busy");
    var body = "item=" + encodeURIComponent(state.item) + "&value=" + encodeURIComponent(value);
    fetch("/v", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: body
    }).then(function (r) {
      return r.json().then(function (s) { return { ok: r.ok, s: s }; });
    }).then(function (res) {
      sending = false;
      if (res.s && res.s.status) { render(res.s); }
      if (res.s && res.s.error) { setStatus(S[res.s.error] || S["dv.not_received"], "error"); }
      else if (!res.ok) { setStatus(S["dv.not_received"], "error"); }
    }).catch(function () {
      sending = false;
      setStatus(S["dv.not_received"], "error");
    });
  }

  var form = $("vote");
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var b = e.submitter;
      send(b ? b.value : "");
    });
  }

  function connect() {
    if (stopped || typeof EventSource === "undefined") { return; }
    if (source) { source.close(); }
    source = new EventSource("/v/events");
    source.onmessage = function (e) {
      var s;
      try { s = JSON.parse(e.data); } catch (err) { return; }
      if (s.status === "stopped") { stopped = true; source.close(); }
      if (s.status === "revoked" || s.status === "unknown") { stopped = true; source.close(); }
      render(s);
    };
    source.onerror = function () {
      if (stopped) { return; }
      setStatus(S["dv.offline"], "error");
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (an unknown device) or is gone: ask once what it is.
        fetch("/v/state", { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (s) { if (s.status === "unknown") { stopped = true; render(s); } else { setTimeout(connect, 2000); } })
          .catch(function () { setTimeout(connect, 3000); });
      }
    };
  }
  // Back from sleep or a lost Wi-Fi: reconnect at once, to the same participant and the current statement.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && (!source || source.readyState === EventSource.CLOSED)) { connect(); }
  });
  window.addEventListener("online", function () { if (!source || source.readyState !== EventSource.OPEN) { connect(); } });
  connect();
})();
