// Draws every Plotly figure on the page from its JSON data block (no inline script: the CSP forbids it).
document.querySelectorAll("[data-figure]").forEach(function (element) {
  var source = document.getElementById(element.getAttribute("data-figure"));
  if (!source || !window.Plotly) { return; }
  var figure = JSON.parse(source.textContent);
  // No mode bar: its buttons would be controls inside an element with role="img" (axe: nested-interactive),
  // and every chart's figures are in a table or text on the page anyway.
  window.Plotly.newPlot(element, figure.data, figure.layout, {
    responsive: true,
    displayModeBar: false,
  }).then(function () { element.setAttribute("data-rendered", "true"); });
});
