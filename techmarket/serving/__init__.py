"""Serving the app, apart from the chart library:

- run: `python -m techmarket.serving.run` (make run), Caddy (deploy/Caddyfile) in front of N Streamlit
  workers; starts them, starts again one that exits, stops them together;
- follow: an app host following the versions a load publishes (etl.publish), switching atomically.
"""
