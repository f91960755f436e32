"""Migrations drafted beside the schema, moved into versions/ (numbered after the newest) when
their tables join the portal's models."""
