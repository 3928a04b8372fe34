// Draws every Plotly figure on the page from its JSON data block (no inline script: the CSP forbids it).
// A radar (polar) chart is as tall as it is wide, plus its legend: on a phone it would otherwise sit small in a
// box sized for a desktop, with empty space above and below.
function fitted(layout, element) {
  if (!layout.polar) { return layout; }
  var width = element.clientWidth || 600;
  var narrow = width < 500;
  var copy = Object.assign({}, layout, { height: Math.min(layout.height, Math.round(width * 0.9) + 60) });
  if (narrow) {
    copy.font = Object.assign({}, layout.font, { size: 10 });
    copy.margin = { l: 62, r: 62, t: 24, b: 16 };
    copy.polar = Object.assign({}, layout.polar, {
      angularaxis: Object.assign({}, layout.polar.angularaxis, { tickfont: { size: 10 } }),
    });
  }
  return copy;
}

document.querySelectorAll("[data-figure]").forEach(function (element) {
  var source = document.getElementById(element.getAttribute("data-figure"));
  if (!source || !window.Plotly) { return; }
  var figure = JSON.parse(source.textContent);
  // No mode bar: its buttons would be controls inside an element with role="img" (axe: nested-interactive),
  // and every chart's figures are in a table or text on the page anyway.
  window.Plotly.newPlot(element, figure.data, fitted(figure.layout, element), {
    responsive: true,
    displayModeBar: false,
  }).then(function () { element.setAttribute("data-rendered", "true"); });
});

// Printing: the charts take the paper's width (about 680 px of A4 or Letter), and their own width again after.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    if (element.layout) { window.Plotly.relayout(element, { width: Math.min(element.clientWidth, 680) }); }
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    if (element.layout) { window.Plotly.relayout(element, { width: null, autosize: true }); }
  });
});
