// The sandbox page: follow the emulator's changes and redraw the panes that changed;
// send what the demo people type, press, tap and upload. No build step, no library.
"use strict";

const sandbox = {
  version: Number(document.body.dataset.version || 0),
};

function paneOf(element) {
  return element.closest(".pane");
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({ error: "服务器没有回应" }));
  if (!response.ok) {
    throw new Error(answer.error || "操作失败");
  }
  return answer;
}

function toast(pane, text, alert) {
  const shown = pane.querySelector(".toast");
  shown.textContent = text;
  shown.classList.toggle("alert", Boolean(alert));
  shown.hidden = false;
  clearTimeout(shown.timer);
  shown.timer = setTimeout(() => { shown.hidden = true; }, alert ? 4000 : 2500);
}

async function act(pane, path, body) {
  try {
    return await post(path, { pane: pane.dataset.pane, ...body });
  } catch (error) {
    toast(pane, error.message, true);
    return null;
  }
}

// --- drawing ---------------------------------------------------------------------------

function redraw(key, html) {
  const pane = document.getElementById("pane-" + key);
  if (!pane || pane.dataset.drawn === html) return; // unchanged: keep the buttons under the pointer
  pane.dataset.drawn = html;
  const live = pane.querySelector(".live");
  const before = live.querySelector(".messages");
  const count = before.children.length;
  const scrolled = before.scrollTop;
  const menuOpen = Boolean(live.querySelector("details.menu[open]"));
  live.innerHTML = html;
  const menu = live.querySelector("details.menu");
  if (menu && menuOpen) menu.open = true;
  // A new message brings the newest into view, as a chat app does; an edit keeps the place.
  const list = live.querySelector(".messages");
  list.scrollTop = list.children.length > count ? list.scrollHeight : scrolled;
}

function showClock(clock) {
  document.getElementById("clock").innerHTML = clock.html;
}

async function follow() {
  for (;;) {
    try {
      const response = await fetch("/sandbox/changes?since=" + sandbox.version);
      if (!response.ok) throw new Error(String(response.status));
      const changes = await response.json();
      sandbox.version = changes.version;
      for (const [key, pane] of Object.entries(changes.panes)) redraw(key, pane.html);
      showClock(changes.clock);
      const preparing = document.getElementById("preparing");
      if (preparing && changes.ready) preparing.remove();
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the sandbox restarts
    }
  }
}

// --- what people do --------------------------------------------------------------------

document.addEventListener("click", async (event) => {
  const target = event.target.closest("[data-press],[data-tap],[data-command],[data-travel],.sample-photo");
  if (!target) return;
  const pane = paneOf(target);
  if (target.dataset.travel) {
    await travel(Number(target.dataset.travel));
  } else if (target.dataset.press !== undefined) {
    const message = target.closest("[data-message]").dataset.message;
    const done = await act(pane, "/sandbox/press", { message: Number(message), data: target.dataset.press });
    const answer = done && done.answer;
    if (answer && answer.text) toast(pane, answer.text, answer.alert);
  } else if (target.dataset.tap !== undefined) {
    await act(pane, "/sandbox/tap", { label: target.dataset.tap });
  } else if (target.dataset.command) {
    target.closest("details").open = false; // as Telegram's menu closes once used
    await act(pane, "/sandbox/say", { text: target.dataset.command });
  } else if (target.classList.contains("sample-photo")) {
    await act(pane, "/sandbox/photo", { data: samplePhoto(pane), caption: "" });
  }
});

document.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const input = form.querySelector("input[name=text]");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  const done = await act(paneOf(form), "/sandbox/say", { text });
  if (!done) input.value = text; // nothing a person typed is lost
});

document.addEventListener("change", (event) => {
  const input = event.target;
  if (input.type !== "file" || !input.files.length) return;
  const reader = new FileReader();
  reader.onload = () => act(paneOf(input), "/sandbox/photo", { data: reader.result, caption: "" });
  reader.readAsDataURL(input.files[0]);
  input.value = "";
});

async function travel(hours) {
  const buttons = document.querySelectorAll("[data-travel]");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const done = await post("/sandbox/travel", { hours });
    showClock(done.clock);
  } catch (error) {
    window.alert(error.message);
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// A picture drawn here, for trying the photo step without a file at hand.
function samplePhoto(pane) {
  const canvas = document.createElement("canvas");
  canvas.width = 480;
  canvas.height = 320;
  const g = canvas.getContext("2d");
  const sky = g.createLinearGradient(0, 0, 0, 320);
  sky.addColorStop(0, "#8cc8f0");
  sky.addColorStop(1, "#e8f4fb");
  g.fillStyle = sky;
  g.fillRect(0, 0, 480, 320);
  g.fillStyle = "#7bb661";
  g.fillRect(0, 210, 480, 110);
  g.fillStyle = "#f7f7f2";
  for (const [x, y] of [[90, 240], [170, 255], [380, 245]]) {
    g.beginPath();
    g.ellipse(x, y, 30, 18, 0, 0, Math.PI * 2);
    g.fill();
  }
  g.fillStyle = "#2f4f3a";
  g.fillRect(250, 120, 110, 70);
  g.fillStyle = "#fff";
  g.font = "bold 22px sans-serif";
  g.fillText("科普讲座", 258, 162);
  g.fillStyle = "rgba(0,0,0,.55)";
  g.fillRect(0, 0, 480, 34);
  g.fillStyle = "#fff";
  g.font = "16px sans-serif";
  g.fillText("示例照片 · " + pane.querySelector("h2").textContent, 10, 23);
  return canvas.toDataURL("image/png");
}

document.querySelectorAll(".messages").forEach((list) => { list.scrollTop = list.scrollHeight; });
follow();
