(() => {
  "use strict";
  const loaded = __BUILD__;
  // The blueprint this page belongs to; null on the pages of the whole site (the catalogue).
  const own = __BLUEPRINT__;
  const chinese = (document.documentElement.lang || "").toLowerCase().startsWith("zh");
  const say = (en, zh) => (chinese ? zh : en);
  let overlay = null;

  const element = (name, text, style) => {
    const node = document.createElement(name);
    if (text) node.textContent = text;
    Object.assign(node.style, style || {});
    return node;
  };

  const hide = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };

  // A build that stopped concerns every page; otherwise a blueprint's page shows only its own
  // blueprint's findings, and the site's pages show them all.
  const concerning = (status) => (status.stopped || own === null)
    ? (status.findings || [])
    : (status.findings || []).filter((finding) => finding.blueprint === own);

  const show = (status, findings) => {
    hide();
    overlay = element("div", "", {
      position: "fixed", top: "0", right: "0", bottom: "0", left: "0", zIndex: "2147483647",
      overflow: "auto", padding: "2em", background: "rgba(24, 24, 27, 0.94)", color: "#fafafa",
      font: "15px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    });
    overlay.setAttribute("role", "alert");
    overlay.id = "frontline-errors";
    overlay.appendChild(element("h2", say(
      "frontline: the last change has errors",
      "frontline：最近的修改有错误"), { color: "#fca5a5", margin: "0 0 0.3em" }));
    overlay.appendChild(element("p", say(
      "This page shows the last version that built. Fix the errors below and save: the page reloads by itself.",
      "本页显示的是上一次编译成功的版本。请修正下面的错误并保存，页面会自动刷新。"), { margin: "0 0 1em", color: "#d4d4d8" }));
    const list = element("ul", "", { listStyle: "none", padding: "0", margin: "0" });
    for (const finding of findings) {
      const item = element("li", "", { margin: "0 0 0.8em" });
      item.appendChild(element("span", `${finding.file}:${finding.line}:${finding.column}`, { color: "#93c5fd" }));
      item.appendChild(element("span", `  ${finding.code} ${finding.rule}`, { color: "#a1a1aa" }));
      item.appendChild(element("div", chinese ? finding.message.zh : finding.message.en));
      if (finding.help) {
        item.appendChild(element("div", chinese ? finding.help.zh : finding.help.en, { color: "#a1a1aa" }));
      }
      list.appendChild(item);
    }
    if (status.problem) {
      list.appendChild(element("li", chinese ? status.problem.zh : status.problem.en));
    }
    overlay.appendChild(list);
    (document.body || document.documentElement).appendChild(overlay);
  };

  const pause = (ms) => new Promise((resume) => setTimeout(resume, ms));

  const watch = async () => {
    let since = null;
    let wait = 500;
    for (;;) {
      try {
        const query = since === null ? "" : `?since=${since}`;
        const response = await fetch(`/__frontline/status${query}`, { cache: "no-store" });
        const status = await response.json();
        wait = 500;
        // The site was written after this page was sent: the page may have changed.
        if (status.site > loaded) {
          location.reload();
          return;
        }
        const findings = concerning(status);
        if (findings.length || status.problem) show(status, findings); else hide();
        // No news: the server answered at once (it has enough waiting pages) or after its
        // long wait; either way, ask again a little later.
        if (status.build === since) await pause(1000);
        since = status.build;
      } catch (_) {
        // The server is restarting or stopped: try again, less and less often.
        await pause(wait);
        wait = Math.min(wait * 2, 5000);
      }
    }
  };

  watch();
})();
