"""One blueprint per feature; `portal.create_app` registers them from one list."""
