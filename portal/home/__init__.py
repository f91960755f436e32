"""The portal's home page (/portal/) and its health check for load balancers (views.py)."""
