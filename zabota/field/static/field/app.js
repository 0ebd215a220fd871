/* Забота — the tablet page of social workers and caregivers (offline first).
 *
 * Everything the worker enters goes to a local queue first (localStorage) and is sent to
 * POST /api/v1/field/sync when there is a network. The key of the device stays until it is
 * revoked: the page never logs the worker out because the network is missing, and a 401
 * received online asks to log in again without touching the queue.
 * No build step, no inline script (CSP script-src 'self'); DOM built with textContent only.
 */
"use strict";

(function () {
  const body = document.body;
  const API = body.dataset.api;
  const PREFIX = "zabota.field.";
  const CHUNK = 200; // records per request; the server takes at most 500
  const HISTORY_LIMIT = 50;
  const REFRESH_EVERY = 10 * 60 * 1000;
  const WEEKDAYS = ["вс", "пн", "вт", "ср", "чт", "пт", "сб"];

  // ---- storage -----------------------------------------------------------------------------
  const store = {
    get(key, fallback) {
      try {
        const raw = localStorage.getItem(PREFIX + key);
        return raw === null ? fallback : JSON.parse(raw);
      } catch (e) {
        return fallback;
      }
    },
    set(key, value) {
      localStorage.setItem(PREFIX + key, JSON.stringify(value));
    },
    remove(key) {
      localStorage.removeItem(PREFIX + key);
    },
  };
  // Data of one person on a shared device stays apart: keys carry the user name.
  function userKey(name) {
    const who = store.get("user", null);
    return (who ? who + "." : "") + name;
  }
  const mine = {
    get: (name, fallback) => store.get(userKey(name), fallback),
    set: (name, value) => store.set(userKey(name), value),
  };

  // ---- helpers -------------------------------------------------------------------------------
  const $ = (id) => document.getElementById(id);
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key in node && key !== "list") node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function isoDate(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }
  function parseDate(text) {
    const [y, m, d] = text.split("-").map(Number);
    return new Date(y, m - 1, d);
  }
  function addDays(text, days) {
    const date = parseDate(text);
    date.setDate(date.getDate() + days);
    return isoDate(date);
  }
  function mondayOf(text) {
    const date = parseDate(text);
    return addDays(text, -((date.getDay() + 6) % 7));
  }
  function dateLabel(text) {
    const date = parseDate(text);
    return WEEKDAYS[date.getDay()] + ", " + text.split("-").reverse().join(".");
  }
  function timeLabel(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }
  function qty(value) {
    const number = Number(value);
    return Number.isInteger(number) ? String(number) : String(number).replace(".", ",");
  }
  // The noun that agrees with a number, the rule of zabota/rules/words.py `plural`:
  // 1 услуга, 2 услуги, 5 услуг, 11 услуг, 21 услуга; a fraction takes «услуги».
  function plural(value, one, few, many) {
    const number = Math.abs(Number(value));
    if (!Number.isInteger(number)) return few;
    if (number % 100 >= 11 && number % 100 <= 14) return many;
    if (number % 10 === 1) return one;
    if (number % 10 >= 2 && number % 10 <= 4) return few;
    return many;
  }
  // UNIT_FORMS of zabota/rules/words.py (a test keeps the two equal); other units as written.
  const UNIT_FORMS = {
    "услуга": ["услуга", "услуги", "услуг"],
    "посещение": ["посещение", "посещения", "посещений"],
    "час": ["час", "часа", "часов"],
    "комплект": ["комплект", "комплекта", "комплектов"],
    "поездка": ["поездка", "поездки", "поездок"],
    "раз": ["раз", "раза", "раз"],
    "штука": ["штука", "штуки", "штук"],
    "минута": ["минута", "минуты", "минут"],
    "день": ["день", "дня", "дней"],
    "консультация": ["консультация", "консультации", "консультаций"],
  };
  function quantityText(value, unit) {
    const forms = UNIT_FORMS[(unit || "").trim().toLowerCase()];
    return (qty(value) + " " + (forms ? plural(value, ...forms) : unit || "")).trim();
  }
  function newUuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }
  let toastTimer = null;
  function toast(text) {
    const node = $("toast");
    node.textContent = text;
    node.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { node.hidden = true; }, 4000);
  }

  // ---- API -----------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }
  async function api(method, path, payload) {
    const headers = { Accept: "application/json" };
    const token = store.get("token", null);
    if (token) headers.Authorization = "Bearer " + token;
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(API + path, {
        method,
        headers,
        body: payload === undefined ? undefined : JSON.stringify(payload),
        cache: "no-store",
        credentials: "omit",
      });
    } catch (e) {
      setOnline(false);
      throw new ApiError(0, "Нет связи с сервером.");
    }
    setOnline(true);
    let data = null;
    try {
      data = response.status === 204 ? null : await response.json();
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const detail = data && data.detail ? data.detail : "Ошибка сервера (" + response.status + ").";
      // The server says why (revoked: the password changed…; ran out: unused too long).
      if (response.status === 401 && path !== "token") needLogin(data && data.detail);
      throw new ApiError(response.status, detail);
    }
    return data;
  }

  // ---- state -----------------------------------------------------------------------------------
  const state = {
    view: "day",
    day: isoDate(new Date()),
    syncing: false,
    online: navigator.onLine,
    visit: null, // {recipient_id, date}
  };
  function queue() { return mine.get("queue", []); }
  function saveQueue(items) { mine.set("queue", items); renderCounts(); }
  function days() { return mine.get("days", {}); }
  function catalog() { return mine.get("catalog", { recipients: [], additional_services: [] }); }
  function draftKey(recipientId, date) { return "draft." + recipientId + "." + date; }

  function setOnline(value) {
    state.online = value;
    const net = $("net");
    net.textContent = value ? "в сети" : "без сети";
    net.classList.toggle("offline", !value);
  }

  // ---- login -----------------------------------------------------------------------------------
  function needLogin(reason) {
    // The key is gone (revoked, ran out or never issued): ask for the password again, keep the
    // queue — it is sent after the next login.
    store.remove("token");
    $("login-reason").textContent = reason
      ? reason + " Записи в очереди сохранены."
      : "Ключ устройства больше не действует. Войдите снова — записи в очереди сохранены.";
    $("login-reason").hidden = false;
    showLogin();
  }
  function showLogin() {
    state.visit = null; // the draft of an open visit stays stored
    $("app-loading").hidden = true;
    $("main").hidden = true;
    $("visit").hidden = true;
    $("login").hidden = false;
    $("sync-now").hidden = true;
    const user = store.get("user", "");
    if (user) $("login-username").value = user;
    $("login-device").value = store.get("device", "Планшет");
  }
  async function login(event) {
    event.preventDefault();
    const username = $("login-username").value.trim();
    const password = $("login-password").value;
    const device = $("login-device").value.trim() || "Планшет";
    const error = $("login-error");
    error.hidden = true;
    if (!username || !password) {
      error.textContent = "Введите имя пользователя и пароль.";
      error.hidden = false;
      return;
    }
    try {
      const data = await api("POST", "token", { username, password, device });
      store.set("token", data.token);
      store.set("user", username);
      store.set("device", device);
      $("login-password").value = "";
      $("login-reason").hidden = true;
      await start();
      sync(false);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }
  async function logout() {
    const pending = queue().filter((r) => r.status === "pending").length;
    if (pending && !confirm("Не отправлено записей: " + pending + ". Они останутся на устройстве до следующего входа. Выйти?")) return;
    try {
      await api("POST", "token/revoke");
    } catch (e) {
      if (e.status !== 401 && !confirm("Нет связи с сервером: ключ не отозван. Всё равно выйти?")) return;
    }
    store.remove("token");
    showLogin();
  }

  // ---- data from the server --------------------------------------------------------------------
  async function refresh() {
    const today = isoDate(new Date());
    const start = mondayOf(state.day);
    const [me, week, cat] = await Promise.all([
      api("GET", "me"),
      api("GET", "field/week?start=" + start),
      api("GET", "field/catalog"),
    ]);
    mine.set("me", me);
    const cached = days();
    for (const day of week.days) cached[day.date] = { visits: day.visits, at: Date.now() };
    if (state.day < start || state.day > addDays(start, 6)) {
      const day = await api("GET", "field/visits?date=" + state.day);
      cached[day.date] = { visits: day.visits, at: Date.now() };
    }
    // Keep a month around today: enough for a week offline, small in storage.
    for (const key of Object.keys(cached)) {
      if (key < addDays(today, -31) || key > addDays(today, 31)) delete cached[key];
    }
    mine.set("days", cached);
    mine.set("catalog", cat);
    mine.set("week", start);
    store.set("refreshed_at", Date.now());
  }

  // ---- sync ------------------------------------------------------------------------------------
  function toServer(record) {
    return {
      uuid: record.uuid, recipient_id: record.recipient_id, service_id: record.service_id,
      date: record.date, quantity: record.quantity, note: record.note || "",
      arrived_at: record.arrived_at || null, left_at: record.left_at || null,
      lat: record.lat === undefined ? null : record.lat, lon: record.lon === undefined ? null : record.lon,
      visit_uuid: record.visit_uuid || null,
      basis: record.basis || null,
    };
  }
  function signatureToServer(item) {
    return { uuid: item.uuid, recipient_id: item.recipient_id, month: item.date, image: item.image, signed_at: item.signed_at };
  }
  function describe(record) {
    if (record.kind === "signature") {
      return "Подпись акта: " + record.recipient_name + ", " + record.date.slice(5, 7) + "." + record.date.slice(0, 4);
    }
    return record.recipient_name + " — " + record.service_name + " × " + qty(record.quantity) +
      " (" + dateLabel(record.date) + ")";
  }
  async function sync(manual) {
    if (state.syncing || !store.get("token", null)) return;
    if (!manual && !navigator.onLine) return;
    state.syncing = true;
    $("sync-now").disabled = true;
    const entry = { at: new Date().toISOString(), accepted: 0, rejected: [], flagged: [], error: "" };
    try {
      let pending = queue().filter((r) => r.status === "pending" && r.kind !== "signature");
      while (pending.length) {
        const chunk = pending.slice(0, CHUNK);
        const answer = await api("POST", "field/sync", { records: chunk.map(toServer) });
        applyAnswer(chunk, answer, entry);
        pending = pending.slice(CHUNK);
      }
      // Signatures are pictures: one per request keeps each body small.
      for (const item of queue().filter((r) => r.status === "pending" && r.kind === "signature")) {
        const answer = await api("POST", "field/signatures", { signatures: [signatureToServer(item)] });
        applyAnswer([item], { accepted: answer.accepted, rejected: answer.rejected, flagged: [] }, entry);
      }
    } catch (e) {
      entry.error = e.status === 0 ? "Нет связи с сервером: записи остались в очереди." : e.message;
    }
    try {
      // The plan is read again after a send, on request, and otherwise every ten minutes.
      const stale = Date.now() - store.get("refreshed_at", 0) > REFRESH_EVERY;
      if (!entry.error && (manual || entry.accepted || stale)) await refresh();
    } catch (e) {
      if (manual && !entry.error) entry.error = e.status === 0 ? "Нет связи с сервером." : e.message;
    } finally {
      state.syncing = false;
      $("sync-now").disabled = false;
    }
    const sent = entry.accepted || entry.rejected.length;
    if (sent || (entry.error && (manual || entry.error !== lastError))) {
      const history = mine.get("history", []);
      history.unshift(entry);
      mine.set("history", history.slice(0, HISTORY_LIMIT));
    }
    lastError = entry.error;
    if (manual) {
      toast(entry.error || (sent
        ? "Отправлено: принято " + entry.accepted + ", не принято " + entry.rejected.length + "."
        : "Нечего отправлять: план и каталог обновлены."));
    }
    render();
  }
  let lastError = "";
  function applyAnswer(chunk, answer, entry) {
    const byUuid = new Map(chunk.map((r) => [r.uuid, r]));
    const accepted = new Set(answer.accepted);
    const rejected = new Map(answer.rejected.map((r) => [r.uuid, r.reason]));
    const cached = days();
    const items = queue().filter((record) => {
      if (!accepted.has(record.uuid)) return true;
      if (record.kind === "signature") return false;
      // Shown as recorded at once, before the plan is read again.
      const day = cached[record.date];
      const visit = day && day.visits.find((v) => v.recipient_id === record.recipient_id);
      if (visit && !visit.recorded.some((r) => r.uuid === record.uuid)) {
        visit.recorded.push({ uuid: record.uuid, service_id: record.service_id, quantity: Number(record.quantity), note: record.note });
      }
      return false;
    });
    for (const record of items) {
      if (rejected.has(record.uuid)) {
        record.status = "rejected";
        record.reason = rejected.get(record.uuid);
      }
    }
    mine.set("days", cached);
    saveQueue(items);
    entry.accepted += accepted.size;
    for (const [uuid, reason] of rejected) {
      const record = byUuid.get(uuid);
      entry.rejected.push({ what: record ? describe(record) : uuid, reason });
    }
    for (const flag of answer.flagged || []) {
      const record = byUuid.get(flag.uuid);
      entry.flagged.push({ what: record ? describe(record) : flag.uuid, reason: flag.reason });
    }
  }

  // ---- rendering -------------------------------------------------------------------------------
  function renderCounts() {
    const items = queue();
    const pending = items.filter((r) => r.status === "pending").length;
    const rejected = items.length - pending;
    $("pending-count").textContent = String(pending);
    $("queue-count").textContent = rejected ? pending + " / " + rejected + "!" : String(pending);
  }
  function render() {
    renderCounts();
    if (!navigator.onLine) setOnline(false);
    const me = mine.get("me", null);
    $("who").textContent = me ? me.short_name + " · " + me.role_display : store.get("user", "");
    for (const button of document.querySelectorAll(".tabs button")) {
      button.setAttribute("aria-pressed", String(button.dataset.view === state.view));
    }
    for (const view of ["day", "week", "queue", "history"]) {
      $("view-" + view).hidden = view !== state.view;
    }
    if (state.view === "day") renderDay();
    if (state.view === "week") renderWeek();
    if (state.view === "queue") renderQueue();
    if (state.view === "history") renderHistory();
  }
  function visitsOn(date) {
    const day = days()[date];
    return day ? day.visits : null;
  }
  function queuedFor(recipientId, date) {
    return queue().filter((r) => r.kind !== "signature" && r.recipient_id === recipientId && r.date === date);
  }
  function progress(visit, date) {
    const done = new Set(visit.recorded.map((r) => r.service_id));
    for (const r of queuedFor(visit.recipient_id, date)) if (r.status === "pending") done.add(r.service_id);
    const planned = visit.services.map((s) => s.service_id);
    const count = planned.filter((id) => done.has(id)).length;
    return { count, total: planned.length, any: done.size > 0 };
  }
  // The server sends the day in route order; the leg is a straight line from the previous address.
  function legLabel(metres) {
    return metres < 1000 ? "≈ " + metres + " м" : "≈ " + (metres / 1000).toFixed(1).replace(".", ",") + " км";
  }
  function renderDay() {
    const today = isoDate(new Date());
    $("day-title").textContent = (state.day === today ? "Сегодня, " : "") + dateLabel(state.day);
    const list = $("day-visits");
    list.replaceChildren();
    const visits = visitsOn(state.day);
    $("day-stale").hidden = visits !== null;
    $("day-stale").textContent = "Нет данных на этот день: откройте его, когда будет сеть.";
    for (const visit of visits || []) {
      const p = progress(visit, state.day);
      const klass = p.total && p.count >= p.total ? "done" : p.any ? "partial" : "";
      const rejected = queuedFor(visit.recipient_id, state.day).filter((r) => r.status === "rejected").length;
      list.append(h("li", {
        class: "card tap " + (rejected ? "rejected" : klass),
        tabIndex: 0,
        role: "button",
        "data-recipient": visit.recipient_id,
        onclick: () => openVisit(visit.recipient_id, state.day),
        onkeydown: (e) => { if (e.key === "Enter") openVisit(visit.recipient_id, state.day); },
      },
        h("span", { class: "title" }, visit.name),
        h("span", { class: "muted" }, visit.address),
        h("span", { class: "state" },
          visit.services.length ? "Услуг по плану: " + visit.services.length + ", отмечено: " + p.count : "Вне плана",
          visit.arrived_at ? " · пришёл(а) " + timeLabel(visit.arrived_at) : "",
          visit.leg_m != null ? " · " + legLabel(visit.leg_m) : "",
          rejected ? " · не принято: " + rejected : ""),
      ));
    }
    if (visits && !visits.length) list.append(h("li", { class: "card" }, "На этот день посещений нет."));
    const select = $("extra-recipient");
    select.replaceChildren(...catalog().recipients.map((r) => h("option", { value: r.recipient_id }, r.name)));
  }
  function renderWeek() {
    const start = mine.get("week", mondayOf(isoDate(new Date())));
    const list = $("week-days");
    list.replaceChildren();
    for (let n = 0; n < 7; n++) {
      const date = addDays(start, n);
      const visits = visitsOn(date);
      let done = 0;
      for (const visit of visits || []) {
        const p = progress(visit, date);
        if (p.total && p.count >= p.total) done++;
      }
      list.append(h("li", {
        class: "card tap",
        tabIndex: 0,
        role: "button",
        onclick: () => { state.day = date; state.view = "day"; render(); },
      },
        h("span", { class: "title" }, dateLabel(date)),
        h("span", { class: "state" }, visits ? "Посещений: " + visits.length + ", выполнено: " + done : "нет данных"),
        h("span", { class: "muted" }, (visits || []).map((v) => v.short_name).join(", ")),
      ));
    }
  }
  function renderQueue() {
    const items = queue();
    const pending = $("queue");
    const rejected = $("rejected");
    pending.replaceChildren();
    rejected.replaceChildren();
    for (const record of items) {
      if (record.status === "pending") {
        pending.append(h("li", { class: "card" }, h("span", {}, describe(record)),
          record.note ? h("span", { class: "muted" }, record.note) : null));
      } else {
        rejected.append(h("li", { class: "card rejected", "data-uuid": record.uuid },
          h("span", { class: "title" }, describe(record)),
          h("span", { class: "error" }, record.reason),
          h("span", { class: "actions" },
            record.kind === "signature" ? null
              : h("button", { type: "button", onclick: () => fixRecord(record.uuid) }, "Исправить"),
            h("button", { type: "button", class: "danger", onclick: () => dismissRecord(record.uuid) }, "Убрать")),
        ));
      }
    }
    if (!pending.children.length) pending.append(h("li", { class: "card" }, "Всё отправлено."));
    if (!rejected.children.length) rejected.append(h("li", { class: "card" }, "Нет."));
  }
  function renderHistory() {
    const list = $("history");
    list.replaceChildren();
    for (const entry of mine.get("history", [])) {
      const when = new Date(entry.at);
      list.append(h("li", { class: "card" + (entry.rejected.length || entry.error ? " rejected" : "") },
        h("span", { class: "title" }, when.toLocaleDateString("ru-RU") + " " + timeLabel(entry.at)),
        entry.error ? h("span", { class: "error" }, entry.error)
          : h("span", {}, "Принято: " + entry.accepted + ", не принято: " + entry.rejected.length),
        entry.rejected.map((r) => h("span", { class: "muted" }, r.what + ": " + r.reason)),
        (entry.flagged || []).map((r) => h("span", { class: "muted" }, r.what + ": " + r.reason)),
      ));
    }
    if (!list.children.length) list.append(h("li", { class: "card" }, "Синхронизаций ещё не было."));
    $("geo-setting").checked = store.get("geo", "") === "yes";
  }

  // ---- the queue: fixing and dismissing rejected records ---------------------------------------
  function fixRecord(uuid) {
    const record = queue().find((r) => r.uuid === uuid);
    if (!record) return;
    const text = prompt("Количество для «" + record.service_name + "» (" + dateLabel(record.date) + "):", qty(record.quantity));
    if (text === null) return;
    const number = Number(text.replace(",", "."));
    if (!(number > 0)) { toast("Количество должно быть больше нуля."); return; }
    const date = prompt("Дата (ГГГГ-ММ-ДД):", record.date);
    if (date === null) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) { toast("Дата в формате ГГГГ-ММ-ДД."); return; }
    saveQueue(queue().map((r) => r.uuid === uuid
      ? { ...r, quantity: number.toFixed(2), date, status: "pending", reason: "" } : r));
    render();
    sync(false);
  }
  function dismissRecord(uuid) {
    if (!confirm("Убрать запись? Она не будет отправлена.")) return;
    saveQueue(queue().filter((r) => r.uuid !== uuid));
    render();
  }

  // ---- the visit -------------------------------------------------------------------------------
  function recipientInfo(recipientId, date) {
    const visit = (visitsOn(date) || []).find((v) => v.recipient_id === recipientId);
    const entry = catalog().recipients.find((r) => r.recipient_id === recipientId);
    return { visit, entry };
  }
  function openVisit(recipientId, date) {
    state.visit = { recipient_id: recipientId, date };
    $("visit").hidden = false;
    $("main").hidden = true;
    window.scrollTo(0, 0);
    const geo = store.get("geo", "");
    $("geo-ask").hidden = geo !== "" || !("geolocation" in navigator);
    $("sign").open = false;
    clearPad();
    renderVisit();
  }
  function closeVisit() {
    state.visit = null;
    $("visit").hidden = true;
    $("main").hidden = false;
    render();
  }
  function draft() {
    const { recipient_id, date } = state.visit;
    return mine.get(draftKey(recipient_id, date), { lines: {}, extra: [] });
  }
  function saveDraft(value) {
    const { recipient_id, date } = state.visit;
    mine.set(draftKey(recipient_id, date), value);
  }
  function serviceCatalog(recipientId) {
    const entry = catalog().recipients.find((r) => r.recipient_id === recipientId);
    const services = new Map();
    for (const s of entry ? entry.services : []) services.set(s.service_id, s);
    for (const s of catalog().additional_services) if (!services.has(s.service_id)) services.set(s.service_id, s);
    return services;
  }
  function renderVisit() {
    const { recipient_id, date } = state.visit;
    const { visit, entry } = recipientInfo(recipient_id, date);
    const who = visit || entry;
    const d = draft();
    $("visit-title").textContent = (who ? who.name : "Получатель") + " · " + dateLabel(date);
    const address = $("visit-address");
    address.replaceChildren(who ? who.address : "");
    if (who && who.phone) address.append(" · ", h("a", { href: "tel:" + who.phone }, who.phone));
    const arrived = d.arrived_at || (visit && visit.arrived_at);
    const left = d.left_at || (visit && visit.left_at);
    $("visit-arrived").textContent = arrived ? "Пришёл(а) " + timeLabel(arrived) : "Пришёл(а)";
    $("visit-arrived").classList.toggle("set", Boolean(arrived));
    $("visit-left").textContent = left ? "Ушёл(ла) " + timeLabel(left) : "Ушёл(ла)";
    $("visit-left").classList.toggle("set", Boolean(left));
    $("visit-position").textContent = d.lat !== undefined && d.lat !== null
      ? "Место отмечено (точность около " + Math.round(d.accuracy || 0) + " м)." : "";

    const recorded = new Map((visit ? visit.recorded : []).map((r) => [r.service_id, r]));
    const queued = new Map(queuedFor(recipient_id, date).filter((r) => r.status === "pending").map((r) => [r.service_id, r]));
    const services = serviceCatalog(recipient_id);
    const rows = [];
    const shown = new Set();
    for (const s of visit ? visit.services : []) {
      rows.push({ id: s.service_id, name: s.name, unit: s.unit, planned: s.quantity, extra: false, free: s.free });
      shown.add(s.service_id);
    }
    for (const id of d.extra) {
      if (shown.has(id) || !services.has(id)) continue;
      const s = services.get(id);
      rows.push({ id, name: s.name, unit: s.unit, planned: 1, extra: true });
      shown.add(id);
    }
    for (const [id, r] of recorded) {
      if (shown.has(id)) continue;
      const s = services.get(id);
      rows.push({ id, name: s ? s.name : "Услуга " + id, unit: s ? s.unit : "", planned: r.quantity, extra: true });
      shown.add(id);
    }
    const list = $("visit-services");
    list.replaceChildren();
    for (const row of rows) {
      const line = d.lines[row.id] || { checked: false, quantity: String(row.planned), note: "" };
      const done = recorded.get(row.id) || queued.get(row.id);
      const klass = recorded.has(row.id) ? "line recorded" : queued.has(row.id) ? "line queued" : "line";
      const check = h("input", {
        type: "checkbox", id: "svc-" + row.id, checked: Boolean(line.checked), "data-service": row.id,
        "aria-label": "Отметить: " + row.name,
        onchange: (e) => updateLine(row.id, { checked: e.target.checked }),
      });
      const amount = h("input", {
        type: "text", inputMode: "decimal", id: "qty-" + row.id, value: line.quantity,
        "aria-label": "Количество, " + row.unit,
        oninput: (e) => updateLine(row.id, { quantity: e.target.value, checked: true }, false),
      });
      const note = h("input", {
        type: "text", id: "note-" + row.id, value: line.note, maxLength: 500, "aria-label": "Примечание",
        placeholder: "примечание",
        oninput: (e) => updateLine(row.id, { note: e.target.value }, false),
      });
      list.append(h("li", { class: klass },
        check,
        h("label", { htmlFor: "svc-" + row.id, class: "name" }, row.name,
          row.free ? h("span", { class: "badge" }, " план ухода, бесплатно") : null),
        done ? h("span", { class: "muted done-note" }, "Отмечено: " + quantityText(done.quantity, row.unit) + ". Если услуга оказана ещё раз, отметьте её снова.") : null,
        h("span", { class: "fields" },
          h("span", {}, h("label", { htmlFor: "qty-" + row.id }, row.unit || "количество"), amount),
          h("span", {}, h("label", { htmlFor: "note-" + row.id }, "примечание"), note)),
      ));
    }
    if (!rows.length) list.append(h("li", { class: "card" }, "Добавьте услугу из списка ниже."));
    const add = $("visit-add");
    add.replaceChildren(h("option", { value: "" }, "— выберите услугу —"),
      ...Array.from(services.values()).filter((s) => !shown.has(s.service_id)).map((s) =>
        h("option", { value: s.service_id }, s.code + " " + s.name + (s.is_additional ? " (платная)" : ""))));
    $("visit-error").hidden = true;
    $("sign-month").textContent = date.slice(5, 7) + "." + date.slice(0, 4);
  }
  function updateLine(serviceId, changes, rerender = true) {
    const d = draft();
    const current = d.lines[serviceId] || { checked: false, quantity: "1", note: "" };
    if (!d.lines[serviceId]) {
      const input = $("qty-" + serviceId);
      if (input) current.quantity = input.value;
    }
    d.lines[serviceId] = { ...current, ...changes };
    saveDraft(d);
    if (!rerender) {
      const box = $("svc-" + serviceId);
      if (box && "checked" in changes) box.checked = changes.checked;
    } else {
      renderVisit();
    }
  }
  function addExtra(event) {
    const id = Number(event.target.value);
    if (!id) return;
    const d = draft();
    if (!d.extra.includes(id)) d.extra.push(id);
    d.lines[id] = { checked: true, quantity: "1", note: "" };
    saveDraft(d);
    renderVisit();
  }
  function markTime(which) {
    const d = draft();
    if (which === "arrived_at") {
      // Arriving again is a new visit (a second one the same day), with an id of its own.
      d.visit_uuid = newUuid();
      d.left_at = null;
    }
    d[which] = new Date().toISOString();
    saveDraft(d);
    renderVisit();
    if (which === "arrived_at" && store.get("geo", "") === "yes" && "geolocation" in navigator) {
      navigator.geolocation.getCurrentPosition((position) => {
        const current = draft();
        current.lat = Number(position.coords.latitude.toFixed(6));
        current.lon = Number(position.coords.longitude.toFixed(6));
        current.accuracy = position.coords.accuracy;
        saveDraft(current);
        if (state.visit) renderVisit();
      }, () => {
        $("visit-position").textContent = "Место определить не удалось; посещение сохранится без него.";
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    }
  }
  function saveVisit() {
    const { recipient_id, date } = state.visit;
    const d = draft();
    const { visit, entry } = recipientInfo(recipient_id, date);
    const who = visit || entry || { name: "Получатель " + recipient_id };
    const services = serviceCatalog(recipient_id);
    for (const s of visit ? visit.services : []) if (!services.has(s.service_id)) services.set(s.service_id, s);
    const lines = Object.entries(d.lines).filter(([, line]) => line.checked);
    const error = $("visit-error");
    if (!lines.length) {
      error.textContent = "Отметьте хотя бы одну услугу.";
      error.hidden = false;
      return;
    }
    // The services of one visit share its id: the server keeps them as one visit.
    if (!d.visit_uuid) d.visit_uuid = newUuid();
    const records = [];
    for (const [id, line] of lines) {
      const number = Number(String(line.quantity).replace(",", "."));
      const service = services.get(Number(id));
      if (!(number > 0) || number > 99999999) {
        error.textContent = "Количество для «" + (service ? service.name : id) + "» должно быть больше нуля.";
        error.hidden = false;
        return;
      }
      // A planned service goes on the basis the plan showed (the ИППСУ or the care plan);
      // one added by hand leaves the choice to the server.
      const planned = (visit ? visit.services : []).find((s) => s.service_id === Number(id));
      records.push({
        uuid: newUuid(), recipient_id, service_id: Number(id), date,
        basis: planned ? planned.source : null,
        quantity: number.toFixed(2), note: (line.note || "").trim().slice(0, 500),
        arrived_at: d.arrived_at || null, left_at: d.left_at || null,
        lat: d.lat === undefined ? null : d.lat, lon: d.lon === undefined ? null : d.lon,
        visit_uuid: d.visit_uuid,
        status: "pending", reason: "",
        recipient_name: who.short_name || who.name, service_name: service ? service.name : "Услуга " + id,
        created_at: new Date().toISOString(),
      });
    }
    saveQueue(queue().concat(records));
    // Times and position stay for the next services of the same visit; the ticks are cleared.
    saveDraft({ ...d, lines: {}, extra: d.extra });
    toast("Сохранено: " + records.length + ". Ждут отправки: " + queue().filter((r) => r.status === "pending").length + ".");
    closeVisit();
    sync(false);
  }

  // ---- the signature of the month's act ------------------------------------------------------
  const pad = { drawing: false, strokes: 0 };
  function padPoint(event) {
    const canvas = $("sign-pad");
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
  }
  function clearPad() {
    const canvas = $("sign-pad");
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    pad.strokes = 0;
  }
  function bindPad() {
    const canvas = $("sign-pad");
    const context = canvas.getContext("2d");
    clearPad();
    canvas.addEventListener("pointerdown", (event) => {
      pad.drawing = true;
      canvas.setPointerCapture(event.pointerId);
      const [x, y] = padPoint(event);
      context.beginPath();
      context.moveTo(x, y);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!pad.drawing) return;
      const [x, y] = padPoint(event);
      context.lineWidth = 4;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#1b1f1e";
      context.lineTo(x, y);
      context.stroke();
      pad.strokes++;
    });
    const stop = () => { pad.drawing = false; };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    $("sign-clear").addEventListener("click", clearPad);
    $("sign-save").addEventListener("click", saveSignature);
  }
  function saveSignature() {
    if (pad.strokes < 3) {
      toast("Поле подписи пустое.");
      return;
    }
    const { recipient_id, date } = state.visit;
    const { visit, entry } = recipientInfo(recipient_id, date);
    const who = visit || entry || { name: "Получатель " + recipient_id };
    const month = date.slice(0, 8) + "01";
    saveQueue(queue().concat([{
      kind: "signature", uuid: newUuid(), recipient_id, date: month,
      image: $("sign-pad").toDataURL("image/png"), signed_at: new Date().toISOString(),
      status: "pending", reason: "", recipient_name: who.short_name || who.name,
      created_at: new Date().toISOString(),
    }]));
    clearPad();
    $("sign").open = false;
    toast("Подпись сохранена и будет отправлена.");
    sync(false);
  }

  // ---- start -----------------------------------------------------------------------------------
  function bind() {
    $("login-form").addEventListener("submit", login);
    $("sync-now").addEventListener("click", () => sync(true));
    for (const button of document.querySelectorAll(".tabs button")) {
      button.addEventListener("click", () => { state.view = button.dataset.view; render(); });
    }
    $("day-prev").addEventListener("click", () => changeDay(-1));
    $("day-next").addEventListener("click", () => changeDay(1));
    $("extra-open").addEventListener("click", () => {
      const id = Number($("extra-recipient").value);
      if (id) openVisit(id, state.day);
    });
    $("visit-close").addEventListener("click", closeVisit);
    $("visit-arrived").addEventListener("click", () => markTime("arrived_at"));
    $("visit-left").addEventListener("click", () => markTime("left_at"));
    $("visit-add").addEventListener("change", addExtra);
    $("visit-save").addEventListener("click", saveVisit);
    $("geo-yes").addEventListener("click", () => { store.set("geo", "yes"); $("geo-ask").hidden = true; });
    $("geo-no").addEventListener("click", () => { store.set("geo", "no"); $("geo-ask").hidden = true; });
    $("geo-setting").addEventListener("change", (e) => store.set("geo", e.target.checked ? "yes" : "no"));
    $("logout").addEventListener("click", logout);
    bindPad();
    window.addEventListener("online", () => { setOnline(true); sync(false); });
    window.addEventListener("offline", () => setOnline(false));
    setInterval(() => { if (navigator.onLine) sync(false); }, 60000);
    // Some browsers change navigator.onLine without an event: look every few seconds.
    setInterval(() => { if (!navigator.onLine && state.online) setOnline(false); }, 3000);
  }
  async function changeDay(step) {
    state.day = addDays(state.day, step);
    render();
    if (visitsOn(state.day) === null && navigator.onLine) {
      try {
        const day = await api("GET", "field/visits?date=" + state.day);
        const cached = days();
        cached[day.date] = { visits: day.visits, at: Date.now() };
        mine.set("days", cached);
        render();
      } catch (e) {
        toast(e.message);
      }
    }
  }
  async function start() {
    $("app-loading").hidden = true;
    $("login").hidden = true;
    $("main").hidden = false;
    $("sync-now").hidden = false;
    render();
    if (navigator.onLine) {
      try {
        await refresh();
      } catch (e) {
        if (e.status !== 401) toast(e.status === 0 ? "Нет связи: показаны сохранённые данные." : e.message);
      }
      if (store.get("token", null)) render();
    }
  }
  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.scope }).catch(() => {
      // Without a service worker the page still works online; nothing to tell the worker.
    });
  }

  bind();
  setOnline(navigator.onLine);
  registerWorker();
  if (store.get("token", null)) start();
  else showLogin();
  body.dataset.ready = "1";
})();
