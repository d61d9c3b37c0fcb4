"""`aecoach report`: one offline HTML page for a mentor, built from the same plain data as
`stats --json` and `export --format json`, so the three cannot disagree.

`model` turns that data into what the page shows (pure), `charts` draws the charts as
SVG with pygal, and `render` fills the Jinja2 template with autoescaping on.
"""
