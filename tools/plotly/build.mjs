// Builds ../../static/js/plotly.min.js from index.js: the settings of plotly.js's own esbuild-config.js, minified,
// without the plugins that only WebGL and map traces need. Run by `make plotly` after `npm ci`.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('node_modules/plotly.js/package.json', 'utf8'));
const traces = [...readFileSync('index.js', 'utf8').matchAll(/plotly\.js\/lib\/(\w+)/g)].map((m) => m[1]);

await build({
    entryPoints: ['index.js'],
    outfile: '../../static/js/plotly.min.js',
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'none',
    banner: {
        js: `/* plotly.js v${version} (MIT licence, Plotly, Inc.), partial bundle: ${traces.join(' ')}; tools/plotly */`,
    },
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    // The map traces' stylesheet is required from the registry even when no map trace is registered.
    loader: { '.css': 'empty' },
    target: 'es2016',
    logLevel: 'info',
});
