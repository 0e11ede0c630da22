// PTTH for browsers: the long-poll JSON flavour of PTTH.md §2.3 with Pavel's batching (§0).
//
// The server sends this page HTTP requests (reverse requests) inside the answers to its polls; the page runs
// them through registered handlers and carries the answers on its next poll. Browsers cannot send `Upgrade`,
// so this is the only flavour they speak.
//
//   import { PtthSession } from "/ptth.js";
//   const session = new PtthSession({ view: ["main"] });
//   session.on("PUT", "/doc/main/**", async (request) => ({ status: 204 }));
//   session.onState((state) => console.log(state.status));
//   session.start();

const HOLD_TIMEOUT_MS = 40_000; // T_hold (25 s) + 15 s, PTTH.md §2.5
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
const SESSION_KEY = "pavel.ptth.session";

/** Connection states, for the UI. */
export const Status = Object.freeze({
  IDLE: "idle",
  CONNECTING: "connecting",
  CONNECTED: "connected",
  BACKING_OFF: "backing-off",
  STOPPED: "stopped",
});

/**
 * One PTTH session of this page: creates it (or resumes the one this tab had), long-polls its queue and answers
 * every reverse request exactly once, in order.
 */
export class PtthSession {
  #base;
  #view;
  #openHeaders;
  #batch;
  #fetch;
  #random;
  #storage;
  #routes = [];
  #stateListeners = new Set();
  #state = { status: Status.IDLE, session: null, attempt: 0, lastError: null, exchanges: 0 };
  #queue = null;
  #answers = [];
  #running = false;
  #abort = null;
  #connectedSince = 0;

  /**
   * @param {object} [options]
   * @param {string} [options.base] the server's origin and path prefix ("" for this page's origin)
   * @param {string[]} [options.view] the spaces this session views (the `Pavel-View` header)
   * @param {number} [options.batch] how many reverse requests one poll answer may carry (`Pavel-Batch`)
   * @param {typeof fetch} [options.fetch] for tests
   * @param {() => number} [options.random] for tests: uniform in [0, 1)
   * @param {Storage|null} [options.storage] where the session id survives a reload (sessionStorage by default)
   * @param {() => Object<string, string>} [options.headers] extra headers for `POST /ptth`, asked for each time the
   *     session (re)opens: e.g. `() => ({"Pavel-Version": "main=42"})` so that the server sends only what was missed
   */
  constructor({ base = "", view = ["main"], batch = 32, fetch: fetchImpl, random = Math.random, storage,
    headers = () => ({}) } = {}) {
    this.#base = base;
    this.#view = view;
    this.#openHeaders = headers;
    this.#batch = batch;
    this.#fetch = fetchImpl ?? ((...args) => globalThis.fetch(...args));
    this.#random = random;
    this.#storage = storage === undefined ? globalThis.sessionStorage ?? null : storage;
    this.on("OPTIONS", "*", () => ({ status: 204 }));
  }

  /**
   * Registers a handler for reverse requests. `pattern` is a path: `*` matches one segment, a trailing `/**`
   * matches the rest (or nothing), `*` alone matches the request-target `*`. The first match wins; a handler gets
   * `{method, uri, path, query, headers, header(name), body}` and returns (or resolves to)
   * `{status, reason?, headers?: [[name, value], …] | {name: value}, body?}`.
   */
  on(method, pattern, handler) {
    this.#routes.push({ method: method.toUpperCase(), matches: compile(pattern), handler });
    return this;
  }

  /** Calls `listener(state)` now and on every change of the connection state. Returns an unsubscribe function. */
  onState(listener) {
    this.#stateListeners.add(listener);
    listener(this.state);
    return () => this.#stateListeners.delete(listener);
  }

  /** `{status, session, attempt, lastError, exchanges}`: a copy. */
  get state() {
    return { ...this.#state };
  }

  start() {
    if (this.#running) {
      return;
    }
    this.#running = true;
    this.#loop();
  }

  stop() {
    this.#running = false;
    this.#abort?.abort();
    this.#update({ status: Status.STOPPED });
  }

  async #loop() {
    while (this.#running) {
      try {
        if (this.#queue === null) {
          this.#update({ status: Status.CONNECTING });
          await this.#open();
        }
        await this.#poll();
      } catch (error) {
        if (!this.#running) {
          return;
        }
        await this.#backOff(error);
      }
    }
  }

  /** `POST /ptth`: a new session, or the one this tab had before a reload. */
  async #open() {
    const headers = { ...headerObject(this.#openHeaders()), "Pavel-View": this.#view.join(",") };
    const previous = this.#storage?.getItem(SESSION_KEY);
    if (previous) {
      headers["Pavel-Session"] = previous;
    }
    const response = await this.#send(`${this.#base}/ptth`, { method: "POST", headers });
    if (response.status !== 201 && response.status !== 200) {
      throw new PtthError(`POST /ptth answered ${response.status}`, response);
    }
    const created = await response.json();
    if (typeof created.queue !== "string" || typeof created.session !== "string") {
      throw new PtthError("POST /ptth answered without a session and a queue", response);
    }
    this.#queue = created.queue;
    this.#answers = [];
    this.#storage?.setItem(SESSION_KEY, created.session);
    this.#update({ session: created.session });
    this.#connected(); // the session exists; its first poll may be held for the whole hold time
  }

  /** One poll: carries the answers so far, waits for reverse requests, handles them in order. */
  async #poll() {
    const answers = this.#answers;
    this.#answers = [];
    const headers = { Accept: "application/json", "Content-Type": "application/json", "Pavel-Batch": String(this.#batch) };
    let response;
    try {
      response = await this.#send(`${this.#base}${this.#queue}`, {
        method: "POST",
        headers,
        body: answers.length === 0 ? "" : JSON.stringify(answers),
      });
    } catch (error) {
      this.#answers = answers.concat(this.#answers); // unsent: carry them on the next poll
      throw error;
    }
    if (!this.#running) {
      return;
    }
    if (response.status === 404 || response.status === 410) {
      // The queue expired: start over; the server resyncs a new session with whole documents.
      this.#queue = null;
      this.#storage?.removeItem(SESSION_KEY);
      throw new PtthError(`the queue is gone (${response.status})`, response, { immediate: true });
    }
    if (response.status === 204) {
      this.#connected();
      return;
    }
    if (response.status !== 200) {
      throw new PtthError(`the poll answered ${response.status}`, response);
    }
    this.#connected();
    const payload = await response.json();
    const requests = Array.isArray(payload) ? payload : Object.keys(payload).length === 0 ? [] : [payload];
    for (const request of requests) {
      this.#answers.push(await this.#answer(request));
    }
  }

  /** Runs one reverse request through its handler; always gives exactly one response object. */
  async #answer(request) {
    const id = request?.["message-id"];
    const version = typeof request?.["http-version"] === "string" ? request["http-version"] : "PTTH/1.0";
    let status = 500;
    let reason = "";
    let headers = [];
    let body = "";
    try {
      if (!isRequestObject(request)) {
        throw Object.assign(new Error("malformed request object"), { status: 400 });
      }
      const view = requestView(request);
      const onPath = this.#routes.filter((r) => r.matches(view.path));
      const route = onPath.find((r) => r.method === view.method);
      if (onPath.length === 0) {
        status = 404;
      } else if (!route) {
        status = 405;
        headers = [["Allow", [...new Set(onPath.map((r) => r.method))].join(", ")]];
      } else {
        const result = (await route.handler(view)) ?? { status: 204 };
        status = Number.isInteger(result.status) && result.status >= 200 && result.status <= 599 ? result.status : 500;
        reason = typeof result.reason === "string" ? result.reason : "";
        headers = headerPairs(result.headers);
        body = result.body === undefined || result.body === null ? "" : String(result.body);
      }
    } catch (error) {
      status = Number.isInteger(error?.status) ? error.status : 500;
      body = String(error?.message ?? error);
      headers = [["Content-Type", "text/plain; charset=utf-8"]];
    }
    this.#update({ exchanges: this.#state.exchanges + 1 });
    return { "message-id": typeof id === "string" ? id : "invalid", "http-version": version, status, reason, headers, body };
  }

  async #send(url, init) {
    this.#abort = new AbortController();
    const timer = setTimeout(() => this.#abort.abort(), HOLD_TIMEOUT_MS);
    try {
      return await this.#fetch(url, { ...init, cache: "no-store", credentials: "same-origin", signal: this.#abort.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  #connected() {
    if (this.#state.status !== Status.CONNECTED) {
      this.#connectedSince = Date.now();
      this.#update({ status: Status.CONNECTED, lastError: null });
    } else if (Date.now() - this.#connectedSince >= STABLE_AFTER_MS && this.#state.attempt !== 0) {
      this.#update({ attempt: 0 });
    }
  }

  /** Exponential back-off with full jitter (PTTH.md §2.2.5); `Retry-After` wins when it is longer. */
  async #backOff(error) {
    const attempt = this.#state.attempt;
    let delay = error?.immediate ? 0 : this.#random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    const retryAfter = Number(error?.response?.headers?.get?.("Retry-After"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) {
      delay = Math.max(delay, retryAfter * 1000);
    }
    this.#update({ status: Status.BACKING_OFF, attempt: attempt + 1, lastError: String(error?.message ?? error) });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  #update(changes) {
    if (Object.entries(changes).every(([key, value]) => this.#state[key] === value)) {
      return;
    }
    this.#state = { ...this.#state, ...changes };
    const snapshot = this.state;
    for (const listener of this.#stateListeners) {
      try {
        listener(snapshot);
      } catch (error) {
        console.error("A PTTH state listener failed", error);
      }
    }
  }
}

/** A failed poll or session request, with the response when there was one. */
export class PtthError extends Error {
  constructor(message, response, { immediate = false } = {}) {
    super(message);
    this.name = "PtthError";
    this.response = response;
    this.immediate = immediate;
  }
}

function isRequestObject(r) {
  return r !== null && typeof r === "object" && typeof r["message-id"] === "string" && typeof r.method === "string"
    && typeof r["request-uri"] === "string" && Array.isArray(r.headers) && typeof r.body === "string"
    && r.headers.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === "string" && typeof h[1] === "string");
}

/**
 * What a handler sees of a request object (PTTH.md §2.3.2): `{method, uri, path, query, headers, header(name),
 * body}`, with `path` percent-decoded and `uri` as sent. Header names compare case-insensitively.
 */
export function requestView(r) {
  const uri = r["request-uri"];
  const q = uri.indexOf("?");
  const rawPath = q < 0 ? uri : uri.slice(0, q);
  const headers = r.headers.map(([name, value]) => [name, value]);
  return Object.freeze({
    method: r.method.toUpperCase(),
    uri,
    path: rawPath === "*" ? "*" : safeDecode(rawPath),
    query: q < 0 ? "" : uri.slice(q + 1),
    headers,
    header(name) {
      const lower = name.toLowerCase();
      const found = headers.find(([n]) => n.toLowerCase() === lower);
      return found ? found[1] : null;
    },
    body: r.body,
  });
}

function safeDecode(path) {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Extra open headers as a plain object: only string values with names and values a header can carry. */
function headerObject(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === null || value === undefined) {
      continue;
    }
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || /[\r\n\0]/.test(String(value))) {
      throw new Error(`invalid header ${JSON.stringify(name)}`);
    }
    out[name] = String(value);
  }
  return out;
}

const FRAMING = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection", "te",
  "trailer", "upgrade"]);

/** Handler headers as `[name, value]` pairs: framing fields dropped, CR/LF/NUL refused (PTTH.md §5.1.6). */
function headerPairs(headers) {
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers ?? {});
  return pairs
    .map(([name, value]) => [String(name), String(value)])
    .filter(([name, value]) => {
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || /[\r\n\0]/.test(value)) {
        throw new Error(`invalid header ${JSON.stringify(name)}`);
      }
      return !FRAMING.has(name.toLowerCase());
    });
}

/** A path pattern as a predicate: `*` is one segment, a trailing `/**` the rest. */
function compile(pattern) {
  if (pattern === "*") {
    return (path) => path === "*";
  }
  const rest = pattern.endsWith("/**");
  const segments = (rest ? pattern.slice(0, -3) : pattern).split("/");
  return (path) => {
    if (path === "*") {
      return false;
    }
    const parts = path.split("/");
    if (rest ? parts.length < segments.length : parts.length !== segments.length) {
      return false;
    }
    return segments.every((s, i) => s === "*" || s === parts[i]);
  };
}
