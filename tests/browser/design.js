// Read by tests/browser/test_design.py: what the reader sees, measured in the page. Returns, for every visible
// text (HTML text nodes and SVG <text>), its colour, the colour behind it and their WCAG contrast ratio, and
// for SVG text its rendered size in CSS pixels. axe checks no SVG text, so this does it for every theme.
() => {
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) { return null; }
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {  // top (with alpha) composited over an opaque colour
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const backdrop = (el) => {  // the background colours from el up to the first opaque one, composited
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) { break; } }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) { colour = over(layer, colour); }
    return colour;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) { o *= Number(getComputedStyle(e).opacity); }
    return o;
  };
  const hidden = (el) => el.closest(".visually-hidden, :disabled, [hidden]") !== null ||
    getComputedStyle(el).visibility !== "visible" || el.getClientRects().length === 0;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.nodeValue.trim() || !el || el.closest("svg, script, template, noscript") || hidden(el)) { continue; }
    const range = document.createRange();
    range.selectNodeContents(node);
    if (range.getClientRects().length === 0) { continue; }
    const bg = backdrop(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const seen = over([...fg.slice(0, 3), opacity(el)], bg);
    found.push({kind: "html", text: node.nodeValue.trim().slice(0, 40), ratio: ratio(seen, bg),
                fg: getComputedStyle(el).color, tag: el.tagName.toLowerCase(), cls: el.className});
  }
  for (const t of document.querySelectorAll("svg text")) {
    if (hidden(t) || t.closest("svg").getClientRects().length === 0) { continue; }
    const box = t.getBoundingClientRect();
    if (box.width === 0) { continue; }
    t.scrollIntoView({block: "center", inline: "center"});
    const b = t.getBoundingClientRect();
    let bg = backdrop(t.closest("svg"));
    for (const under of document.elementsFromPoint(b.left + b.width / 2, b.top + b.height / 2)) {
      if (under === t || under.tagName === "tspan" || under.tagName === "text") { continue; }
      if (["rect", "circle", "polygon", "path"].includes(under.tagName)) {
        const fill = parse(getComputedStyle(under).fill);
        if (fill && fill[3] > 0) { bg = over(fill, bg); break; }
        continue;
      }
      if (under.tagName === "line" || under.tagName === "polyline") { continue; }
      break;
    }
    const fg = over(parse(getComputedStyle(t).fill), bg);
    const ctm = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
    found.push({kind: "svg", text: t.textContent.trim().slice(0, 40), ratio: ratio(fg, bg), px: px,
                fg: getComputedStyle(t).fill, cls: t.getAttribute("class") || ""});
  }
  window.scrollTo(0, 0);
  return found;
}
