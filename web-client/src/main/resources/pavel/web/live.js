// This page's live session: the server's reverse requests, and what they show.

import { PtthSession } from "/ptth.js";
import { SpaceReplicas } from "/apply-op.js";
import { bindEvents } from "/bindings.js";

const connection = document.getElementById("connection");
const sessionField = document.getElementById("session");
const consoleLines = document.getElementById("console");
const MAX_CONSOLE_LINES = 500;
// Taken before any space content exists: a shared document may hold <form name="createElement">, which shadows
// document.createElement for the whole page (see dom.js).
const createElement = Document.prototype.createElement.bind(document);

// Every space this page shows: a container that stands for the space's <body>.
const replicas = new SpaceReplicas();
for (const container of document.querySelectorAll("section.space[data-space]")) {
  replicas.mount(container.dataset.space, container);
  bindEvents(container, { onError: (message) => console.warn(`Pavel: ${message}`) });
}
const versionFields = new Map([...document.querySelectorAll("[data-space-version]")]
  .map((field) => [field.dataset.spaceVersion, field]));

const session = new PtthSession({
  view: replicas.mounted,
  // A session that opens again tells the server where its replicas are, so that it sends only what they missed.
  headers: () => {
    const versions = replicas.resumeHeaderValue();
    return versions === null ? {} : { "Pavel-Version": versions };
  },
});

// DESIGN.md "PTTH": ops, whole documents and replica checks for the spaces this page shows.
for (const method of ["GET", "PUT", "POST", "DELETE"]) {
  session.on(method, "/doc/**", (request) => replicas.handle(request));
}

replicas.onChange(({ space, version }) => {
  const field = versionFields.get(space);
  if (field) {
    field.textContent = `version ${version}`;
    field.dataset.state = "live";
  }
});

// DESIGN.md: log lines and REPL output for this user arrive as POST /console. Shown as text, never as HTML.
session.on("POST", "/console", (request) => {
  const line = createElement("div");
  line.textContent = request.body;
  consoleLines.append(line);
  while (consoleLines.childElementCount > MAX_CONSOLE_LINES) {
    consoleLines.firstElementChild.remove();
  }
  return { status: 204 };
});

session.onState((state) => {
  connection.dataset.state = state.status;
  connection.textContent = state.lastError && state.status !== "connected"
    ? `${state.status} (${state.lastError})`
    : state.status;
  sessionField.textContent = state.session ?? "none";
});

session.start();

// Tests and the browser console reach the session and the replicas here.
window.pavelSession = session;
window.pavelReplicas = replicas;
