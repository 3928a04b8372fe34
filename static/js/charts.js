// Draws every Plotly figure on the page from its JSON data block (no inline script: the CSP forbids it).
document.querySelectorAll("[data-figure]").forEach(function (element) {
  var source = document.getElementById(element.getAttribute("data-figure"));
  if (!source || !window.Plotly) { return; }
  var figure = JSON.parse(source.textContent);
  window.Plotly.newPlot(element, figure.data, figure.layout, {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d"],
  }).then(function () { element.setAttribute("data-rendered", "true"); });
});
