"""Serving the app on one machine, apart from the chart library:

- proxy: `python -m techmarket.serving.proxy` (make run), N Streamlit workers behind one port, with
  sessions kept on their worker by a cookie, and a worker that dies restarted;
- tcp_nodelay: turns Nagle's algorithm off on the Streamlit server's sockets (called once per process
  from dashboard.py).
"""
