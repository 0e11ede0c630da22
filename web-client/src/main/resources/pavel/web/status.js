// Shows whether the server answers its health check, and which version it runs.

const statusLine = document.getElementById("status");
const versionField = document.getElementById("version");

/** Asks /health and reports what it says; never throws. */
async function showHealth() {
  try {
    const response = await fetch("/health", { headers: { Accept: "application/json" } });
    if (!response.ok) {
      throw new Error(`/health answered ${response.status}`);
    }
    const health = await response.json();
    versionField.textContent = health.version;
    statusLine.textContent = health.status === "ok"
      ? "The server is running."
      : `The server reports status "${health.status}".`;
    statusLine.dataset.state = health.status === "ok" ? "up" : "down";
  } catch (error) {
    statusLine.textContent = `The server did not answer its health check (${error.message}).`;
    statusLine.dataset.state = "down";
  }
}

showHealth();
