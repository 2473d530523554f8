// Waiting-room display: loads /state, follows /events (SSE), polls every 2 s while the stream
// is broken, and shows a neutral "Bitte warten" on any fault instead of stale content.
(function () {
  "use strict";
  var POLL_MS = 2000;         // while the event stream is down
  var STALE_MS = 35000;       // no good answer for this long: "Bitte warten"
  var REOPEN_MS = 10000;      // a closed stream is opened anew after this
  var FRESH_MS = 20000;       // a new call stays highlighted this long

  var token = new URLSearchParams(window.location.search).get("token") || "";
  var base = window.location.pathname.replace(/\/+$/, "");
  var query = "?token=" + encodeURIComponent(token);
  var lastOk = 0;
  var topKey = null;
  var shown = false;
  var source = null;
  var pollTimer = null;
  var freshTimer = null;
  var loading = false;
  var again = false;
  var audio = null;

  function $(id) { return document.getElementById(id); }

  function fault() {
    $("board").hidden = true;
    $("wait").hidden = false;
  }

  function clock() {
    var now = new Date();
    $("clock").textContent = now.toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit" });
    if (Date.now() - lastOk > STALE_MS) { fault(); }
  }

  function timeOf(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return ""; }
    return d.toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit" });
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function gong() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { return; }
      if (!audio) { audio = new Ctx(); }
      if (audio.state === "suspended") { audio.resume(); }
      var t0 = audio.currentTime + 0.05;
      [[659.25, 0], [523.25, 0.55]].forEach(function (tone) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.type = "sine";
        osc.frequency.value = tone[0];
        gain.gain.setValueAtTime(0.0001, t0 + tone[1]);
        gain.gain.exponentialRampToValueAtTime(0.5, t0 + tone[1] + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone[1] + 1.4);
        osc.connect(gain).connect(audio.destination);
        osc.start(t0 + tone[1]);
        osc.stop(t0 + tone[1] + 1.5);
      });
    } catch (e) { /* no sound is no fault of the display */ }
  }

  // The consulting hours at this place, today and the coming days (issue 20).
  function renderHours(days) {
    var box = $("hours-days");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    days = Array.isArray(days) ? days : [];
    days.forEach(function (day) {
      var section = document.createElement("section");
      section.className = "hours-day";
      var h3 = document.createElement("h3");
      h3.textContent = day.label;
      section.appendChild(h3);
      var ul = document.createElement("ul");
      (day.entries || []).forEach(function (e) {
        var li = document.createElement("li");
        if (e.cancelled) { li.className = "cancelled"; }
        var time = document.createElement("span");
        time.className = "time";
        time.textContent = e.time;
        li.appendChild(time);
        li.appendChild(document.createTextNode(" " + e.unit + " (" + e.kind + ")"));
        if (e.cancelled) {
          var off = document.createElement("span");
          off.className = "off";
          off.textContent = " – fällt aus";
          li.appendChild(off);
        }
        if (e.note) {
          var note = document.createElement("div");
          note.className = "note";
          note.textContent = e.note;
          li.appendChild(note);
        }
        ul.appendChild(li);
      });
      section.appendChild(ul);
      box.appendChild(section);
    });
    $("hours").hidden = days.length === 0;
  }

  function render(state) {
    if (!state || !Array.isArray(state.calls) || typeof state.waiting !== "number") {
      throw new Error("unexpected state");
    }
    $("title").textContent = state.title || "";
    var calls = state.calls;
    var top = calls.length ? calls[0] : null;
    var key = top ? top.number + "|" + top.at : "";
    $("now-call").hidden = !top;
    $("empty").hidden = !!top;
    if (top) {
      $("now-number").textContent = top.number;
      $("now-desk").textContent = top.desk || "";
    }
    var rows = $("rows");
    while (rows.firstChild) { rows.removeChild(rows.firstChild); }
    calls.slice(1).forEach(function (c) {
      var tr = document.createElement("tr");
      tr.appendChild(cell(c.number));
      tr.appendChild(cell(c.desk || ""));
      tr.appendChild(cell(timeOf(c.at)));
      rows.appendChild(tr);
    });
    renderHours(state.hours);
    $("waiting").textContent = state.waiting === 1 ? "1 Person wartet" : state.waiting + " Personen warten";
    if (shown && top && key !== topKey) {
      var box = $("now-call");
      box.classList.remove("fresh");
      void box.offsetWidth; // restart the animation
      box.classList.add("fresh");
      clearTimeout(freshTimer);
      freshTimer = setTimeout(function () { box.classList.remove("fresh"); }, FRESH_MS);
      gong();
    }
    topKey = key;
    shown = true;
    document.body.setAttribute("data-top", top ? top.number : "");
    $("wait").hidden = true;
    $("board").hidden = false;
  }

  function load() {
    if (loading) { again = true; return; }
    loading = true;
    fetch(base + "/state" + query, { cache: "no-store", credentials: "omit" })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (state) { render(state); lastOk = Date.now(); })
      .catch(function () { fault(); })
      .then(function () {
        loading = false;
        if (again) { again = false; load(); }
      });
  }

  function poll(on) {
    if (on && !pollTimer) { pollTimer = setInterval(load, POLL_MS); }
    if (!on && pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }

  function follow() {
    if (!window.EventSource) { poll(true); return; }
    source = new EventSource(base + "/events" + query);
    source.addEventListener("hello", function () { poll(false); load(); });
    source.addEventListener("queue", load);
    source.addEventListener("ping", load);
    source.addEventListener("end", function () { fault(); source.close(); poll(true); reopen(); });
    source.onerror = function () {
      poll(true); // the browser reconnects by itself; until then the page polls
      if (source.readyState === EventSource.CLOSED) { reopen(); }
    };
  }

  function reopen() {
    setTimeout(function () {
      if (source) { source.close(); }
      follow();
    }, REOPEN_MS);
  }

  fault();
  clock();
  setInterval(clock, 1000);
  load();
  follow();
})();
