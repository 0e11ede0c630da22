// This page's live session: the server's reverse requests, and what they show.

import { PtthSession } from "/ptth.js";

const connection = document.getElementById("connection");
const sessionField = document.getElementById("session");
const consoleLines = document.getElementById("console");
const MAX_CONSOLE_LINES = 500;

const session = new PtthSession({ view: ["main"] });

// DESIGN.md: log lines and REPL output for this user arrive as POST /console. Shown as text, never as HTML.
session.on("POST", "/console", (request) => {
  const line = document.createElement("div");
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

// Tests and the browser console reach the session here.
window.pavelSession = session;
