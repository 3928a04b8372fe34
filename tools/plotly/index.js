// plotly.js with the trace types the site draws (roadmap/charts.py, roadmap/workspace_charts.py); scatter is in core.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/box'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scatterpolar'),
]);

module.exports = Plotly;
